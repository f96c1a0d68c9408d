using System.Globalization;

namespace Plc.Runtime.Hosting;

/// <summary>Durations as people write them: T#1s500ms, TIME#10ms, LT#5us, 10ms, 1.5s, 250us, 1h (IEC TIME syntax,
/// with or without the prefix).</summary>
public static class Durations
{
    /// <summary>The duration in nanoseconds; false when the text is not one.</summary>
    public static bool TryParse(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        string s = text.Trim().Replace("_", "");
        int hash = s.IndexOf('#');
        if (hash >= 0)
        {
            string prefix = s[..hash].ToUpperInvariant();
            if (prefix is not ("T" or "TIME" or "LT" or "LTIME")) return false;
            s = s[(hash + 1)..];
        }
        if (s.Length == 0) return false;
        bool negative = false;
        if (s[0] is '-' or '+') { negative = s[0] == '-'; s = s[1..]; }
        if (s.Length == 0) return false;
        decimal total = 0;
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start) return false;
            if (!decimal.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value)) return false;
            int u = i;
            while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
            decimal unit = s[u..i].ToLowerInvariant() switch
            {
                "d" => 86_400_000_000_000m,
                "h" => 3_600_000_000_000m,
                "m" => 60_000_000_000m,
                "s" => 1_000_000_000m,
                "ms" => 1_000_000m,
                "us" => 1_000m,
                "ns" => 1m,
                _ => -1m,
            };
            if (unit < 0) return false;
            total += value * unit;
            if (total > long.MaxValue) return false;
        }
        nanoseconds = (long)decimal.Round(total) * (negative ? -1 : 1);
        return true;
    }
}
