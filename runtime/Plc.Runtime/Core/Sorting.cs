namespace Plc.Runtime.Core
{
    /// <summary>Sorting without generics (nanoFramework has no Array.Sort of int keys with an index array).</summary>
    public static class Sorting
    {
        /// <summary>Stable merge sort of the indices in <paramref name="order"/> by keys[order[i]]; O(n log n).</summary>
        public static void ByKey(int[] keys, int[] order)
        {
            int n = order.Length;
            int[] tmp = new int[n];
            for (int width = 1; width < n; width *= 2)
            {
                for (int lo = 0; lo < n; lo += 2 * width)
                {
                    int mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
                    int i = lo, j = mid, k = lo;
                    while (i < mid && j < hi) tmp[k++] = keys[order[j]] < keys[order[i]] ? order[j++] : order[i++];
                    while (i < mid) tmp[k++] = order[i++];
                    while (j < hi) tmp[k++] = order[j++];
                }
                System.Array.Copy(tmp, order, n);
            }
        }
    }
}
