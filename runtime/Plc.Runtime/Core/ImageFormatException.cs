namespace Plc.Runtime.Core
{
    /// <summary>
    /// Thrown by <see cref="ImageReader"/> for a byte array that is not a well-formed image: wrong magic, another
    /// format version, a checksum mismatch, a truncated or malformed section. The message says what is wrong.
    /// </summary>
    public sealed class ImageFormatException : System.Exception
    {
        public ImageFormatException(string message) : base(message) { }
    }
}
