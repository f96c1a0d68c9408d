#if !NANOFRAMEWORK
using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#endif

namespace Plc.Runtime.Core
{
    /// <summary>
    /// Little-endian typed access to the program's memory. Callers guarantee that [address, address + size) lies
    /// inside the array: the verifier proves it for absolute and this-relative operands, the interpreter checks
    /// indirect addresses before it calls here. Release builds on .NET read and write unaligned without bounds
    /// checks; Debug builds check bounds (so a verifier mistake shows up in tests as an exception); nanoFramework
    /// assembles the bytes with shifts (<see cref="PortableMemory"/>). All give identical results for in-range
    /// addresses (tested: MemoryTests).
    /// </summary>
    public static class Memory
    {
#if !NANOFRAMEWORK
#if DEBUG
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static ref byte At(byte[] m, int a, int size) { _ = m[a + size - 1]; return ref m[a]; }
#else
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static ref byte At(byte[] m, int a, int size) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(m), (nint)(uint)a);
#endif

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static sbyte ReadI8(byte[] m, int a) => (sbyte)At(m, a, 1);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte ReadU8(byte[] m, int a) => At(m, a, 1);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static short ReadI16(byte[] m, int a)
        {
            short v = Unsafe.ReadUnaligned<short>(ref At(m, a, 2));
            return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ushort ReadU16(byte[] m, int a) => (ushort)ReadI16(m, a);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int ReadI32(byte[] m, int a)
        {
            int v = Unsafe.ReadUnaligned<int>(ref At(m, a, 4));
            return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long ReadI64(byte[] m, int a)
        {
            long v = Unsafe.ReadUnaligned<long>(ref At(m, a, 8));
            return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
        }
        /// <summary>The REAL at a, as a double (exact).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double ReadF32(byte[] m, int a) => (double)BitConverter.Int32BitsToSingle(ReadI32(m, a));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double ReadF64(byte[] m, int a) => BitConverter.Int64BitsToDouble(ReadI64(m, a));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write8(byte[] m, int a, long v) => At(m, a, 1) = (byte)v;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write16(byte[] m, int a, long v)
        {
            short s = (short)v;
            Unsafe.WriteUnaligned(ref At(m, a, 2), BitConverter.IsLittleEndian ? s : BinaryPrimitives.ReverseEndianness(s));
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write32(byte[] m, int a, long v)
        {
            int s = (int)v;
            Unsafe.WriteUnaligned(ref At(m, a, 4), BitConverter.IsLittleEndian ? s : BinaryPrimitives.ReverseEndianness(s));
        }
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write64(byte[] m, int a, long v)
            => Unsafe.WriteUnaligned(ref At(m, a, 8), BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v));
        /// <summary>Stores d rounded to REAL.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteF32(byte[] m, int a, double d) => Write32(m, a, BitConverter.SingleToInt32Bits((float)d));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteF64(byte[] m, int a, double d) => Write64(m, a, BitConverter.DoubleToInt64Bits(d));
#else
        // nanoFramework: the portable implementation (the interpreter calls PortableMemory directly).
        public static sbyte ReadI8(byte[] m, int a) => PortableMemory.ReadI8(m, a);
        public static byte ReadU8(byte[] m, int a) => PortableMemory.ReadU8(m, a);
        public static short ReadI16(byte[] m, int a) => PortableMemory.ReadI16(m, a);
        public static ushort ReadU16(byte[] m, int a) => PortableMemory.ReadU16(m, a);
        public static int ReadI32(byte[] m, int a) => PortableMemory.ReadI32(m, a);
        public static long ReadI64(byte[] m, int a) => PortableMemory.ReadI64(m, a);
        public static double ReadF32(byte[] m, int a) => PortableMemory.ReadF32(m, a);
        public static double ReadF64(byte[] m, int a) => PortableMemory.ReadF64(m, a);
        public static void Write8(byte[] m, int a, long v) => PortableMemory.Write8(m, a, v);
        public static void Write16(byte[] m, int a, long v) => PortableMemory.Write16(m, a, v);
        public static void Write32(byte[] m, int a, long v) => PortableMemory.Write32(m, a, v);
        public static void Write64(byte[] m, int a, long v) => PortableMemory.Write64(m, a, v);
        public static void WriteF32(byte[] m, int a, double d) => PortableMemory.WriteF32(m, a, d);
        public static void WriteF64(byte[] m, int a, double d) => PortableMemory.WriteF64(m, a, d);
#endif
    }

    /// <summary>
    /// Memory access with shifts and bounds-checked array indexing only: what nanoFramework runs. Compiled on
    /// every target so that tests can compare it with <see cref="Memory"/>.
    /// </summary>
    public static class PortableMemory
    {
        public static sbyte ReadI8(byte[] m, int a) => (sbyte)m[a];
        public static byte ReadU8(byte[] m, int a) => m[a];
        public static short ReadI16(byte[] m, int a) => (short)(m[a] | (m[a + 1] << 8));
        public static ushort ReadU16(byte[] m, int a) => (ushort)(m[a] | (m[a + 1] << 8));
        public static int ReadI32(byte[] m, int a) => m[a] | (m[a + 1] << 8) | (m[a + 2] << 16) | (m[a + 3] << 24);
        public static long ReadI64(byte[] m, int a) => (long)(uint)ReadI32(m, a) | ((long)ReadI32(m, a + 4) << 32);
        public static double ReadF32(byte[] m, int a) => FloatBits.FloatBitsToDouble(ReadI32(m, a));
        public static double ReadF64(byte[] m, int a) => System.BitConverter.Int64BitsToDouble(ReadI64(m, a));

        public static void Write8(byte[] m, int a, long v) { m[a] = (byte)v; }
        public static void Write16(byte[] m, int a, long v) { m[a] = (byte)v; m[a + 1] = (byte)(v >> 8); }
        public static void Write32(byte[] m, int a, long v)
        {
            m[a] = (byte)v; m[a + 1] = (byte)(v >> 8); m[a + 2] = (byte)(v >> 16); m[a + 3] = (byte)(v >> 24);
        }
        public static void Write64(byte[] m, int a, long v) { Write32(m, a, v); Write32(m, a + 4, v >> 32); }
        public static void WriteF32(byte[] m, int a, double d) => Write32(m, a, FloatBits.DoubleToFloatBits(d));
        public static void WriteF64(byte[] m, int a, double d) => Write64(m, a, System.BitConverter.DoubleToInt64Bits(d));
    }
}
