using System;
using System.Linq;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Xunit;

namespace Plc.Tests.Monitoring;

/// <summary>Literal text to memory bytes, on a hand-made type table (little-endian, docs/bytecode.md §2).</summary>
public class ValueWriterTests
{
    static readonly Image image = MakeImage();

    static Image MakeImage()
    {
        var types = Enum.GetValues<ElementaryKind>().Where(k => k != ElementaryKind.None)
            .Select(k => new TypeDesc { Kind = TypeKind.Elementary, Elementary = k, Size = Size(k) }).ToList();
        types.Add(new TypeDesc { Kind = TypeKind.String, Length = 3, Size = 4 });                       // 25
        types.Add(new TypeDesc { Kind = TypeKind.WString, Length = 2, Size = 6 });                      // 26
        types.Add(new TypeDesc
        {
            Kind = TypeKind.Enum, Name = "Mode", Elementary = ElementaryKind.Int, Size = 2,
            EnumNames = new[] { "Off", "Auto", "Manual" }, EnumValues = new long[] { 0, 5, -3 },
        });                                                                                              // 27
        types.Add(new TypeDesc { Kind = TypeKind.Subrange, Elementary = ElementaryKind.SInt, Size = 1, Low = -10, High = 10 });   // 28
        var image = new Image();
        image.Debug.Types = types.ToArray();
        return image;
    }

    static int Size(ElementaryKind k) => k switch
    {
        ElementaryKind.Bool or ElementaryKind.SInt or ElementaryKind.USInt or ElementaryKind.Byte or ElementaryKind.Char => 1,
        ElementaryKind.Int or ElementaryKind.UInt or ElementaryKind.Word or ElementaryKind.WChar => 2,
        ElementaryKind.DInt or ElementaryKind.UDInt or ElementaryKind.DWord or ElementaryKind.Real => 4,
        _ => 8,
    };

    static int T(ElementaryKind k) => (int)k - 1;
    const int Str = 25, WStr = 26, Mode = 27, Small = 28;

    static string Hex(int type, string literal, bool bit = false)
    {
        var error = ValueWriter.Encode(image, type, bit, literal, out byte[] bytes);
        Assert.True(error == null, error);
        return Convert.ToHexString(bytes);
    }

    static string Error(int type, string literal) => ValueWriter.Encode(image, type, false, literal, out _) ?? "no error";

    [Fact]
    public void Integers()
    {
        Assert.Equal("01", Hex(T(ElementaryKind.Bool), "TRUE"));
        Assert.Equal("00", Hex(T(ElementaryKind.Bool), "bool#0"));
        Assert.Equal("80", Hex(T(ElementaryKind.SInt), "-128"));
        Assert.Equal("FF", Hex(T(ElementaryKind.Byte), "16#FF"));
        Assert.Equal("AA", Hex(T(ElementaryKind.USInt), "2#1010_1010"));
        Assert.Equal("FBFF", Hex(T(ElementaryKind.Int), "INT#-5"));
        Assert.Equal("3412", Hex(T(ElementaryKind.Word), "WORD#16#1234"));
        Assert.Equal("FFFFFF7F", Hex(T(ElementaryKind.DInt), "2147483647"));
        Assert.Equal("0000000000000080", Hex(T(ElementaryKind.LInt), "-9223372036854775808"));
        Assert.Equal("FFFFFFFFFFFFFFFF", Hex(T(ElementaryKind.ULInt), "18446744073709551615"));
        Assert.Equal("0F000000", Hex(T(ElementaryKind.UDInt), " 8#17 "));
        Assert.Equal("01", Hex(T(ElementaryKind.Bool), "TRUE", bit: true));
    }

    [Theory]
    [InlineData(ElementaryKind.SInt, "128", "128 is out of the range of SINT")]
    [InlineData(ElementaryKind.SInt, "-129", "-129 is out of the range of SINT")]
    [InlineData(ElementaryKind.USInt, "-1", "-1 is out of the range of USINT")]
    [InlineData(ElementaryKind.Byte, "16#100", "16#100 is out of the range of BYTE")]
    [InlineData(ElementaryKind.LInt, "9223372036854775808", "9223372036854775808 is out of the range of LINT")]
    [InlineData(ElementaryKind.LInt, "-9223372036854775809", "-9223372036854775809 is out of the range of LINT")]
    [InlineData(ElementaryKind.ULInt, "18446744073709551616", "'18446744073709551616' is not a literal of type ULINT")]
    [InlineData(ElementaryKind.Bool, "2", "'2' is not a literal of type BOOL")]
    [InlineData(ElementaryKind.Bool, "INT#1", "INT# does not fit type BOOL")]
    [InlineData(ElementaryKind.Int, "T#1s", "T# does not fit type INT")]
    [InlineData(ElementaryKind.Real, "1E39", "1E39 is out of the range of REAL")]
    [InlineData(ElementaryKind.Time, "D#2024-01-01", "D# does not fit type TIME")]
    public void IntegerAndPrefixErrors(ElementaryKind kind, string literal, string expected) =>
        Assert.Equal(expected, Error(T(kind), literal));

    [Fact]
    public void RealsTimesAndDates()
    {
        Assert.Equal(Convert.ToHexString(BitConverter.GetBytes(2.5f)), Hex(T(ElementaryKind.Real), "2.5"));
        Assert.Equal(Convert.ToHexString(BitConverter.GetBytes(-1500.0)), Hex(T(ElementaryKind.LReal), "LREAL#-1.5E3"));
        // 1.5 s = 1 500 000 000 ns = 16#59682F00.
        Assert.Equal("002F685900000000", Hex(T(ElementaryKind.Time), "T#1s500ms"));
        Assert.Equal("002F685900000000", Hex(T(ElementaryKind.LTime), "TIME#1.5s"));
        // 1970-01-02 is one day: 86 400 000 000 000 ns = 16#4E94914F0000.
        Assert.Equal("00004F91944E0000", Hex(T(ElementaryKind.Date), "D#1970-01-02"));
        Assert.Equal("00004F91944E0000", Hex(T(ElementaryKind.DateAndTime), "DT#1970-01-02-00:00:00"));
        // TOD#00:00:01 = 1e9 ns = 16#3B9ACA00.
        Assert.Equal("00CA9A3B00000000", Hex(T(ElementaryKind.TimeOfDay), "TOD#00:00:01"));
    }

    [Fact]
    public void Characters()
    {
        Assert.Equal("41", Hex(T(ElementaryKind.Char), "CHAR#'A'"));
        Assert.Equal("24", Hex(T(ElementaryKind.Char), "'$$'"));
        Assert.Equal("0A", Hex(T(ElementaryKind.Char), "'$N'"));
        Assert.Equal("41", Hex(T(ElementaryKind.Char), "65"));
        Assert.Equal("AC20", Hex(T(ElementaryKind.WChar), "WCHAR#\"€\""));
        Assert.Equal("AC20", Hex(T(ElementaryKind.WChar), "\"$20AC\""));
        Assert.Equal("'256' is not a literal of type CHAR (write CHAR#'A', 'A' or a character code)", Error(T(ElementaryKind.Char), "256"));
    }

    [Fact]
    public void StringsAreTerminatedPaddedAndTruncated()
    {
        Assert.Equal("61620000", Hex(Str, "'ab'"));
        Assert.Equal("61626300", Hex(Str, "'abcdef'"));          // STRING(3): three characters and the terminator
        Assert.Equal("00000000", Hex(Str, "''"));
        Assert.Equal("27240A00", Hex(Str, "'$'$$$L'"));
        Assert.Equal("E9000000", Hex(Str, "'$E9'"));             // Latin-1
        Assert.Equal("22000000", Hex(Str, "STRING#\"$\"\""));   // double quotes are accepted too
        Assert.Equal("6100AC200000", Hex(WStr, "\"a€xyz\""));
        Assert.Equal("270000000000", Hex(WStr, "\"'\""));
        Assert.Equal("a STRING value is written in quotes: 'text'", Error(Str, "abc"));
        Assert.Equal("a ' inside the text must be written $'", Error(Str, "'it's'"));
        Assert.Equal("a $ at the end of the text must be written $$", Error(Str, "'a$'"));
        Assert.Equal("INT# does not fit type WSTRING", Error(WStr, "INT#\"x\""));
    }

    [Fact]
    public void EnumerationsAndSubranges()
    {
        Assert.Equal("0500", Hex(Mode, "Auto"));
        Assert.Equal("FDFF", Hex(Mode, "mode#MANUAL"));
        Assert.Equal("FDFF", Hex(Mode, "-3"));
        Assert.Equal("1 is not a value of Mode", Error(Mode, "1"));
        Assert.Equal("F6", Hex(Small, "-10"));
        Assert.Equal("11 is outside the subrange -10..10", Error(Small, "11"));
    }

    [Fact]
    public void StoreWritesBytesOrOneBit()
    {
        var memory = new byte[16];
        memory[9] = 0b1111_0000;
        ValueWriter.Store(memory, 9, 1, new byte[] { 1 });
        Assert.Equal(0b1111_0010, memory[9]);
        ValueWriter.Store(memory, 9, 5, new byte[] { 0 });
        Assert.Equal(0b1101_0010, memory[9]);
        ValueWriter.Store(memory, 10, -1, new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, memory[10..13]);
        ValueWriter.Store(memory, 14, -1, new byte[] { 7, 7, 7 });   // would run past the end: ignored
        Assert.Equal(0, memory[14]);
    }
}
