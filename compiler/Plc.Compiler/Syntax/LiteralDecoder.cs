using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Plc.Compiler.Syntax;

/// <summary>
/// Decodes the text of literal tokens (as the lexer matched them) into values, and explains in a message why a
/// literal is not valid. Pure functions, no diagnostics: the syntax tree builder reports the messages as PLC0003.
/// Times are in nanoseconds (decision D8): durations signed, dates and date-and-times since 1970-01-01, times of
/// day since midnight. Fractions of a unit below one nanosecond are truncated toward zero.
/// </summary>
public static class LiteralDecoder
{
    const long NanosecondsPerSecond = 1_000_000_000;
    const long NanosecondsPerDay = 86_400 * NanosecondsPerSecond;

    static readonly string[] DurationUnits = { "d", "h", "m", "s", "ms", "us", "ns" };
    static readonly long[] DurationUnitNanoseconds =
    {
        NanosecondsPerDay, 3_600 * NanosecondsPerSecond, 60 * NanosecondsPerSecond, NanosecondsPerSecond,
        1_000_000, 1_000, 1,
    };

    // -----------------------------------------------------------------------------------------------------------
    // Numbers

    /// <summary>An integer as written: <c>123</c>, <c>1_000</c>, <c>16#FF</c>, <c>2#1010</c>, <c>8#17</c>.</summary>
    public static bool TryDecodeInteger(string text, out ulong value, [NotNullWhen(false)] out string? error)
    {
        value = 0;
        string clean = text.Replace("_", "");
        int hash = clean.IndexOf('#');
        int radix = 10;
        string digits = clean;
        if (hash >= 0)
        {
            if (!int.TryParse(clean.AsSpan(0, hash), NumberStyles.None, CultureInfo.InvariantCulture, out radix)
                || radix is not (2 or 8 or 16))
            {
                error = $"invalid integer literal '{text}': the base must be 2, 8 or 16";
                return false;
            }
            digits = clean.Substring(hash + 1);
        }
        if (digits.Length == 0)
        {
            error = $"invalid integer literal '{text}': digits are missing";
            return false;
        }
        foreach (char c in digits)
        {
            int digit = DigitValue(c);
            if (digit < 0 || digit >= radix)
            {
                error = $"invalid integer literal '{text}': '{c}' is not a base {radix} digit";
                return false;
            }
            UInt128 next = (UInt128)value * (uint)radix + (uint)digit;
            if (next > ulong.MaxValue)
            {
                error = $"integer literal '{text}' is too large (the largest is {ulong.MaxValue})";
                value = 0;
                return false;
            }
            value = (ulong)next;
        }
        error = null;
        return true;
    }

    /// <summary>A real number: <c>1.5</c>, <c>1.5E3</c>, <c>1.0e-5</c>, <c>3E2</c>.</summary>
    public static bool TryDecodeReal(string text, out double value, [NotNullWhen(false)] out string? error)
    {
        if (!double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            error = $"invalid real literal '{text}'";
            return false;
        }
        if (double.IsInfinity(value))
        {
            error = $"real literal '{text}' is too large";
            return false;
        }
        error = null;
        return true;
    }

    // -----------------------------------------------------------------------------------------------------------
    // Strings

    /// <summary>
    /// A string literal with its quotes: <c>'...'</c> (STRING: <c>$$ $' $L $N $P $R $T $hh</c>, Latin-1
    /// characters only) or <c>"..."</c> (WSTRING: the same plus <c>$"</c> and <c>$hhhh</c>).
    /// </summary>
    public static bool TryDecodeString(string text, out string value, out bool wide, [NotNullWhen(false)] out string? error)
    {
        value = "";
        wide = text.Length > 0 && text[0] == '"';
        char quote = wide ? '"' : '\'';
        if (text.Length < 2 || text[0] != quote || text[^1] != quote)
        {
            error = "string literal is not closed: add " + quote + " at its end";
            return false;
        }
        var result = new StringBuilder(text.Length);
        int end = text.Length - 1;
        for (int i = 1; i < end; i++)
        {
            char c = text[i];
            if (c != '$')
            {
                if (!wide && c > '\u00FF')
                {
                    string character = char.IsSurrogatePair(text, i) ? text.Substring(i, 2) : c.ToString();
                    error = $"the character '{character}' cannot be stored in a STRING (Latin-1 characters only); use a WSTRING \"...\"";
                    return false;
                }
                result.Append(c);
                continue;
            }
            if (i + 1 >= end)
            {
                error = "'$' at the end of a string literal must be followed by a character; write '$$' for a dollar sign";
                return false;
            }
            char e = text[++i];
            switch (char.ToUpperInvariant(e))
            {
                case '$': result.Append('$'); break;
                case '\'': result.Append('\''); break;
                case '"' when wide: result.Append('"'); break;
                case 'L': result.Append('\n'); break;
                case 'N': result.Append('\n'); break;
                case 'P': result.Append('\f'); break;
                case 'R': result.Append('\r'); break;
                case 'T': result.Append('\t'); break;
                default:
                    int hexLength = wide ? 4 : 2;
                    if (IsHexDigit(e) && i - 1 + hexLength < end && AllHex(text, i, hexLength))
                    {
                        result.Append((char)int.Parse(text.AsSpan(i, hexLength), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += hexLength - 1;
                        break;
                    }
                    error = wide
                        ? $"invalid escape '${e}' in a WSTRING literal; use $$, $', $\", $L, $N, $P, $R, $T or $ and four hex digits"
                        : $"invalid escape '${e}' in a STRING literal; use $$, $', $L, $N, $P, $R, $T or $ and two hex digits";
                    return false;
            }
        }
        value = result.ToString();
        error = null;
        return true;
    }

    // -----------------------------------------------------------------------------------------------------------
    // Times and dates

    /// <summary>
    /// <c>T#1d2h3m4s5ms</c>, <c>TIME#-1.5s</c>, <c>LT#5ns</c>, <c>LTIME#1h_30m</c>: units d, h, m, s, ms, us, ns
    /// in this order, each at most once; a fraction only on the last one.
    /// </summary>
    public static bool TryDecodeDuration(string text, out long nanoseconds, out bool isLong, [NotNullWhen(false)] out string? error)
    {
        nanoseconds = 0;
        string body = SplitPrefix(text, out string prefix);
        isLong = prefix is "LT" or "LTIME";
        string Invalid(string why) => $"invalid duration '{text}': {why}";

        int i = 0;
        bool negative = false;
        if (i < body.Length && body[i] is '+' or '-')
            negative = body[i++] == '-';
        if (i >= body.Length)
        {
            error = Invalid("a value such as 5s or 1h30m is expected after '#'");
            return false;
        }

        BigInteger total = BigInteger.Zero;
        int lastUnit = -1;
        bool hadFraction = false;
        while (i < body.Length)
        {
            if (lastUnit >= 0 && body[i] == '_')
                i++;
            if (i >= body.Length || !char.IsAsciiDigit(body[i]))
            {
                error = Invalid("a number is expected before each unit");
                return false;
            }
            string whole = ReadDigits(body, ref i);
            string fraction = "";
            if (i < body.Length && body[i] == '.')
            {
                i++;
                fraction = ReadDigits(body, ref i);
                if (fraction.Length == 0)
                {
                    error = Invalid("digits are expected after the decimal point");
                    return false;
                }
            }
            int unitStart = i;
            while (i < body.Length && char.IsAsciiLetter(body[i]))
                i++;
            string unit = body.Substring(unitStart, i - unitStart).ToLowerInvariant();
            if (unit.Length == 0)
            {
                error = Invalid($"the unit after {whole} is missing; use d, h, m, s, ms, us or ns");
                return false;
            }
            int unitIndex = Array.IndexOf(DurationUnits, unit);
            if (unitIndex < 0)
            {
                error = Invalid($"unknown unit '{body.Substring(unitStart, i - unitStart)}'; use d, h, m, s, ms, us or ns");
                return false;
            }
            if (unitIndex <= lastUnit)
            {
                error = Invalid("the units must be in the order d, h, m, s, ms, us, ns, each at most once");
                return false;
            }
            if (hadFraction)
            {
                error = Invalid("only the last unit can have a fraction");
                return false;
            }
            lastUnit = unitIndex;
            hadFraction = fraction.Length > 0;
            BigInteger unitNs = DurationUnitNanoseconds[unitIndex];
            total += BigInteger.Parse(whole, CultureInfo.InvariantCulture) * unitNs;
            if (hadFraction)
                total += BigInteger.Parse(fraction, CultureInfo.InvariantCulture) * unitNs / BigInteger.Pow(10, fraction.Length);
        }

        if (negative)
            total = -total;
        if (total < long.MinValue || total > long.MaxValue)
        {
            error = $"duration '{text}' is out of range (at most about 106751 days)";
            return false;
        }
        nanoseconds = (long)total;
        error = null;
        return true;
    }

    /// <summary><c>D#2024-01-15</c>, <c>DATE#</c>, <c>LD#</c>, <c>LDATE#</c>: nanoseconds since 1970-01-01.</summary>
    public static bool TryDecodeDate(string text, out long nanoseconds, out bool isLong, [NotNullWhen(false)] out string? error)
    {
        nanoseconds = 0;
        string body = SplitPrefix(text, out string prefix);
        isLong = prefix is "LD" or "LDATE";
        if (!TryParseDate(body, out long days, out string? why))
        {
            error = $"invalid date '{text}': {why}";
            return false;
        }
        return TryCombine(text, days, 0, out nanoseconds, out error);
    }

    /// <summary><c>TOD#12:30:15.25</c>, <c>TIME_OF_DAY#</c>, <c>LTOD#</c>, <c>LTIME_OF_DAY#</c>: nanoseconds since midnight.</summary>
    public static bool TryDecodeTimeOfDay(string text, out long nanoseconds, out bool isLong, [NotNullWhen(false)] out string? error)
    {
        string body = SplitPrefix(text, out string prefix);
        isLong = prefix is "LTOD" or "LTIME_OF_DAY";
        if (!TryParseTimeOfDay(body, out nanoseconds, out string? why))
        {
            error = $"invalid time of day '{text}': {why}";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary><c>DT#2024-01-15-12:30:00.5</c>, <c>DATE_AND_TIME#</c>, <c>LDT#</c>, <c>LDATE_AND_TIME#</c>:
    /// nanoseconds since 1970-01-01-00:00:00.</summary>
    public static bool TryDecodeDateAndTime(string text, out long nanoseconds, out bool isLong, [NotNullWhen(false)] out string? error)
    {
        nanoseconds = 0;
        string body = SplitPrefix(text, out string prefix);
        isLong = prefix is "LDT" or "LDATE_AND_TIME";
        string[] parts = body.Split('-');
        if (parts.Length != 4)
        {
            error = $"invalid date and time '{text}': the form is year-month-day-hours:minutes:seconds";
            return false;
        }
        if (!TryParseDate(string.Join('-', parts, 0, 3), out long days, out string? why)
            || !TryParseTimeOfDay(parts[3], out long timeOfDay, out why))
        {
            error = $"invalid date and time '{text}': {why}";
            return false;
        }
        return TryCombine(text, days, timeOfDay, out nanoseconds, out error);
    }

    // -----------------------------------------------------------------------------------------------------------

    static bool TryParseDate(string body, out long days, [NotNullWhen(false)] out string? why)
    {
        days = 0;
        string[] parts = body.Split('-');
        if (parts.Length != 3 || !TryParseField(parts[0], 6, out long year) || !TryParseField(parts[1], 2, out long month)
            || !TryParseField(parts[2], 2, out long day))
        {
            why = "the form is year-month-day, e.g. 2024-01-15";
            return false;
        }
        if (month < 1 || month > 12)
        {
            why = $"month {month} does not exist";
            return false;
        }
        int length = DaysInMonth(year, (int)month);
        if (day < 1 || day > length)
        {
            why = $"day {day} does not exist in month {month} of {year}";
            return false;
        }
        days = DaysFromCivil(year, (int)month, (int)day);
        why = null;
        return true;
    }

    static bool TryParseTimeOfDay(string body, out long nanoseconds, [NotNullWhen(false)] out string? why)
    {
        nanoseconds = 0;
        string fraction = "";
        int dot = body.IndexOf('.');
        string clock = body;
        if (dot >= 0)
        {
            fraction = body.Substring(dot + 1);
            clock = body.Substring(0, dot);
        }
        string[] parts = clock.Split(':');
        long seconds = 0;
        if (parts.Length is < 2 or > 3 || !TryParseField(parts[0], 2, out long hours) || !TryParseField(parts[1], 2, out long minutes)
            || (parts.Length == 3 && !TryParseField(parts[2], 2, out seconds)) || (dot >= 0 && parts.Length != 3)
            || (dot >= 0 && !TryParseField(fraction, 9, out _)))
        {
            why = fraction.Length > 9
                ? "at most 9 digits are allowed after the decimal point"
                : "the form is hours:minutes:seconds, e.g. 12:30:15.25";
            return false;
        }
        if (hours > 23 || minutes > 59 || seconds > 59)
        {
            why = hours > 23 ? "hours must be 0 to 23" : minutes > 59 ? "minutes must be 0 to 59" : "seconds must be 0 to 59";
            return false;
        }
        long fractionNs = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
        nanoseconds = ((hours * 60 + minutes) * 60 + seconds) * NanosecondsPerSecond + fractionNs;
        why = null;
        return true;
    }

    static bool TryCombine(string text, long days, long timeOfDay, out long nanoseconds, [NotNullWhen(false)] out string? error)
    {
        Int128 total = (Int128)days * NanosecondsPerDay + timeOfDay;
        if (total < long.MinValue || total > long.MaxValue)
        {
            nanoseconds = 0;
            error = $"'{text}' is out of range (years 1678 to 2262 can be represented)";
            return false;
        }
        nanoseconds = (long)total;
        error = null;
        return true;
    }

    // Digits only (no sign, no '_'), at most maxDigits of them.
    static bool TryParseField(string text, int maxDigits, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > maxDigits)
            return false;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
                return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    static string ReadDigits(string text, ref int i)
    {
        var digits = new StringBuilder();
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '_' && digits.Length > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
        {
            if (text[i] != '_')
                digits.Append(text[i]);
            i++;
        }
        return digits.ToString();
    }

    // The part after the first '#', and the prefix before it in upper case.
    static string SplitPrefix(string text, out string prefix)
    {
        int hash = text.IndexOf('#');
        if (hash < 0)
        {
            prefix = "";
            return text;
        }
        prefix = text.Substring(0, hash).ToUpperInvariant();
        return text.Substring(hash + 1);
    }

    // The calendar is the runtime's (LiteralParser), so literals and STRING_TO_DATE agree on every date.
    static int DaysInMonth(long year, int month) => Plc.Runtime.Core.LiteralParser.DaysInMonth((int)(year % 400 + 400), month);

    static long DaysFromCivil(long year, int month, int day) => Plc.Runtime.Core.LiteralParser.DaysFromCivil(year, month, day);

    static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    static bool IsHexDigit(char c) => DigitValue(c) >= 0;

    static bool AllHex(string text, int start, int length)
    {
        for (int i = start; i < start + length; i++)
            if (!IsHexDigit(text[i]))
                return false;
        return true;
    }
}
