using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Plc.Hardware.Configuration;

/// <summary>A node of a YAML document with where it starts (1-based).</summary>
internal abstract class YamlNode
{
    public SourcePosition Position { get; init; }
}

internal sealed class YamlScalar : YamlNode
{
    public string Value { get; init; } = "";
    public bool Plain { get; init; }
    /// <summary>An empty value (<c>key:</c>), <c>~</c> or <c>null</c> written without quotes.</summary>
    public bool IsNull => Plain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");
}

internal sealed class YamlSequence : YamlNode
{
    public List<YamlNode> Items { get; } = new();
}

internal sealed class YamlMapping : YamlNode
{
    /// <summary>The pairs in document order; a key written twice appears twice (the reader reports it).</summary>
    public List<KeyValuePair<YamlNode, YamlNode>> Pairs { get; } = new();
}

/// <summary>
/// Builds a tree of <see cref="YamlNode"/>s from YamlDotNet's event parser (<see cref="Parser"/>). Unlike
/// YamlDotNet's RepresentationModel this keeps duplicate keys (so they can be reported with the rest instead of
/// ending the load), never recurses (a deeply nested file cannot overflow the stack) and never builds a cycle (an
/// alias may only name a node that is complete).
/// </summary>
internal static class YamlTree
{
    /// <summary>Deeper nesting than this is refused: an I/O configuration needs five levels.</summary>
    public const int MaxDepth = 64;

    sealed class Frame
    {
        public required YamlNode Node;
        public YamlNode? PendingKey;
        public string? Anchor;
    }

    /// <summary>
    /// Parses the first document. Returns false with a message and position on a syntax error (nothing else is
    /// usable then). A second document with content is reported through <paramref name="extraDocument"/>.
    /// </summary>
    public static bool TryParse(string text, out YamlNode? root, out string? error, out SourcePosition errorPosition,
        out SourcePosition? extraDocument)
    {
        root = null;
        error = null;
        errorPosition = new SourcePosition(1, 1);
        extraDocument = null;
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new List<Frame>();
        int documents = 0;
        YamlNode? documentRoot = null;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                var at = Position(e.Start);
                switch (e)
                {
                    case DocumentStart:
                        documents++;
                        documentRoot = null;
                        anchors.Clear();
                        break;
                    case DocumentEnd:
                        if (documents == 1) root = documentRoot;
                        else if (extraDocument == null && documentRoot != null && !(documentRoot is YamlScalar { IsNull: true }))
                            extraDocument = documentRoot.Position;
                        break;
                    case Scalar s:
                    {
                        var node = new YamlScalar { Value = s.Value, Plain = s.Style == ScalarStyle.Plain, Position = at };
                        if (!s.Anchor.IsEmpty) anchors[s.Anchor.Value] = node;
                        Add(node);
                        break;
                    }
                    case AnchorAlias a:
                        if (!anchors.TryGetValue(a.Value.Value, out var target))
                        {
                            error = $"the alias *{a.Value.Value} names no complete node before it";
                            errorPosition = at;
                            return false;
                        }
                        Add(target);
                        break;
                    case SequenceStart q:
                        if (!Open(new YamlSequence { Position = at }, q.Anchor)) return TooDeep(at, out error, out errorPosition);
                        break;
                    case MappingStart m:
                        if (!Open(new YamlMapping { Position = at }, m.Anchor)) return TooDeep(at, out error, out errorPosition);
                        break;
                    case SequenceEnd:
                    case MappingEnd:
                    {
                        var frame = stack[^1];
                        stack.RemoveAt(stack.Count - 1);
                        if (frame.Anchor != null) anchors[frame.Anchor] = frame.Node;
                        Add(frame.Node);
                        break;
                    }
                }
            }
        }
        catch (YamlException e)
        {
            error = Clean(e.Message);
            errorPosition = Position(e.Start);
            root = null;
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not expected from YamlDotNet, but bad input must never escape as an exception.
            error = Clean(e.Message);
            root = null;
            return false;
        }
        return true;

        bool Open(YamlNode node, AnchorName anchor)
        {
            if (stack.Count >= MaxDepth) return false;
            stack.Add(new Frame { Node = node, Anchor = anchor.IsEmpty ? null : anchor.Value });
            return true;
        }

        void Add(YamlNode node)
        {
            if (stack.Count == 0) { documentRoot = node; return; }
            var top = stack[^1];
            if (top.Node is YamlSequence seq) seq.Items.Add(node);
            else if (top.PendingKey == null) top.PendingKey = node;
            else
            {
                ((YamlMapping)top.Node).Pairs.Add(new KeyValuePair<YamlNode, YamlNode>(top.PendingKey, node));
                top.PendingKey = null;
            }
        }
    }

    static bool TooDeep(SourcePosition at, out string error, out SourcePosition errorPosition)
    {
        error = $"the file is nested more than {MaxDepth} levels deep";
        errorPosition = at;
        return false;
    }

    static SourcePosition Position(Mark m) =>
        new((int)Math.Clamp(m.Line, 1, int.MaxValue), (int)Math.Clamp(m.Column, 1, int.MaxValue));

    /// <summary>YamlDotNet's messages start with "While scanning ..., " and end with a full stop; keep them as they are
    /// but in one line.</summary>
    static string Clean(string message)
    {
        string s = message.Replace('\r', ' ').Replace('\n', ' ').Trim();
        if (s.EndsWith('.')) s = s[..^1];
        return s.Length == 0 ? "the YAML cannot be read" : char.ToLowerInvariant(s[0]) + s[1..];
    }
}
