using System.Globalization;

namespace Plc.Compiler.Syntax;

/// <summary>Shows a character in a message: <c>'§'</c>, or <c>U+0007</c> for one that cannot be seen.</summary>
static class CharacterText
{
    public static string Describe(int codePoint)
    {
        if (codePoint < 0 || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture);
        string text = char.ConvertFromUtf32(codePoint);
        UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(text, 0);
        bool visible = category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);
        return visible ? "'" + text + "'" : "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture);
    }

    public static string Describe(string text)
    {
        if (string.IsNullOrEmpty(text))
            return "U+0000";
        return Describe(FirstCodePoint(text));
    }

    static int FirstCodePoint(string text)
    {
        if (char.IsHighSurrogate(text[0]) && text.Length > 1 && char.IsLowSurrogate(text[1]))
            return char.ConvertToUtf32(text[0], text[1]);
        return text[0];
    }
}
