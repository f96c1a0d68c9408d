namespace Plc.Runtime.Core
{
    /// <summary>Constants of the image file format shared by <see cref="ImageWriter"/> and <see cref="ImageReader"/> (docs/bytecode.md).</summary>
    public static class ImageFormat
    {
        /// <summary>Bytes before the payload: magic, version, flags, payload length, CRC-32 of the payload.</summary>
        public const int HeaderSize = 16;

        public const int SectionMemory = 1;
        public const int SectionConst = 2;
        public const int SectionCode = 3;
        public const int SectionPous = 4;
        public const int SectionTasks = 5;
        public const int SectionIo = 6;
        public const int SectionDebug = 7;

        /// <summary>Largest memory an image may declare (the verifier's limit too): 64 MiB.</summary>
        public const int MaxMemorySize = Verifier.MaxMemorySize;

        /// <summary>The writer merges two runs of non-zero initial memory separated by fewer zero bytes than this.</summary>
        public const int MemoryRunGap = 8;

        /// <summary>Highest defined <see cref="ElementaryKind"/> value.</summary>
        internal const int MaxElementaryKind = (int)ElementaryKind.WChar;

        /// <summary>Name of a section id, for messages.</summary>
        public static string SectionName(int id)
        {
            switch (id)
            {
                case SectionMemory: return "MEMORY";
                case SectionConst: return "CONST";
                case SectionCode: return "CODE";
                case SectionPous: return "POUS";
                case SectionTasks: return "TASKS";
                case SectionIo: return "IO";
                case SectionDebug: return "DEBUG";
                default: return "#" + id.ToString();
            }
        }
    }
}
