namespace Plc.Runtime.Core
{
    /// <summary>String helpers that nanoFramework's mscorlib lacks.</summary>
    public static class Text
    {
        /// <summary>ASCII case-insensitive comparison (Structured Text names are ASCII).</summary>
        public static bool EqualsIgnoreCase(string a, string b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                char x = a[i], y = b[i];
                if (x == y) continue;
                if (x >= 'a' && x <= 'z') x = (char)(x - 32);
                if (y >= 'a' && y <= 'z') y = (char)(y - 32);
                if (x != y) return false;
            }
            return true;
        }
    }
}
