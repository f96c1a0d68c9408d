using System;
using System.Security.Cryptography;
using System.Text;

namespace Plc.Web;

/// <summary>
/// The secret that writing and forcing need (and, off loopback, everything): 128 random bits from
/// <see cref="RandomNumberGenerator"/> as 32 lower-case hex digits, or one given with <c>--web-token</c>.
/// Compared in constant time.
/// </summary>
public sealed class WebToken
{
    /// <summary>A token given by the user must be at least this long.</summary>
    public const int MinLength = 16;
    /// <summary>... and at most this long.</summary>
    public const int MaxLength = 256;

    readonly byte[] utf8;

    WebToken(string value)
    {
        Value = value;
        utf8 = Encoding.UTF8.GetBytes(value);
    }

    public string Value { get; }

    /// <summary>A new random token of 128 bits.</summary>
    public static WebToken Generate() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    /// <summary>A token chosen by the user: 16 to 256 characters from A-Z a-z 0-9 and <c>-._~</c> (so it fits a
    /// header and a URL unchanged). Null and a message otherwise.</summary>
    public static WebToken? FromText(string text, out string error)
    {
        error = "";
        if (text.Length < MinLength || text.Length > MaxLength)
        {
            error = $"a token must have {MinLength} to {MaxLength} characters (it has {text.Length})";
            return null;
        }
        foreach (char c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            {
                error = "a token may contain only letters, digits and - . _ ~";
                return null;
            }
        return new WebToken(text);
    }

    /// <summary>Whether <paramref name="presented"/> is this token, in time that does not depend on where they
    /// differ (<see cref="CryptographicOperations.FixedTimeEquals"/>; only the length can leak).</summary>
    public bool Matches(string? presented)
    {
        if (presented == null) return false;
        int length = Encoding.UTF8.GetByteCount(presented);
        if (length > MaxLength * 4) return false;
        Span<byte> given = stackalloc byte[length];
        Encoding.UTF8.GetBytes(presented, given);
        return CryptographicOperations.FixedTimeEquals(given, utf8);
    }

    public override string ToString() => Value;
}
