namespace Plc.Runtime.Core
{
    /// <summary>
    /// Thrown by <see cref="ImageReader.Read"/> for bytes that are not a well-formed image of this format version
    /// (wrong magic, other version, truncated, corrupt, malformed sections). The message says what is wrong and is
    /// meant for the user ("image is corrupt (checksum mismatch)").
    /// </summary>
    public sealed class ImageFormatException : System.Exception
    {
        public ImageFormatException(string message) : base(message) { }

        public ImageFormatException(string message, System.Exception inner) : base(message, inner) { }
    }
}
