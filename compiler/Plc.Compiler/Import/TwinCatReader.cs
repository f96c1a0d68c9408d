using System.Text;
using System.Xml;
using System.Xml.Linq;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Import;

/// <summary>
/// TwinCAT 3 XML source files (<c>.TcPOU</c>, <c>.TcGVL</c>, <c>.TcDUT</c>; root <c>TcPlcObject</c>). A
/// <c>&lt;POU&gt;</c> becomes its <c>&lt;Declaration&gt;</c> text, then its <c>&lt;Implementation&gt;&lt;ST&gt;</c> text, then the
/// END_FUNCTION_BLOCK / END_PROGRAM / END_FUNCTION line TwinCAT leaves out; a <c>&lt;GVL&gt;</c> or <c>&lt;DUT&gt;</c> is its
/// declaration, and the GVL's Name is the name of the global variable list. A POU's <c>&lt;Method&gt;</c>, <c>&lt;Property&gt;</c> (with <c>&lt;Get&gt;</c>/<c>&lt;Set&gt;</c>) and
/// <c>&lt;Action&gt;</c> children become METHOD ... END_METHOD, PROPERTY ... END_PROPERTY and ACTION ... END_ACTION
/// before the END_ line; an <c>&lt;Itf&gt;</c> (<c>.TcIO</c>) becomes INTERFACE ... END_INTERFACE with its prototypes.
/// Every generated line is mapped back to its line in the XML file. Transitions and implementations in languages
/// other than ST are reported as PLC0005 at their element rather than dropped silently. DTDs are refused and nothing
/// is resolved, so hostile XML fails with a PLC0008 instead of hanging.
/// </summary>
public static class TwinCatReader
{
    static readonly string[] NotYet = { "Transition" };

    public static ImportedSource Read(string path, byte[] bytes)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersFromEntities = 1024,
                MaxCharactersInDocument = SourceImporter.MaxFileBytes,
                CloseInput = true,
            };
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            var span = new SourceSpan(path, Math.Max(1, e.LineNumber), Math.Max(1, e.LinePosition));
            // DtdProcessing.Prohibit refuses any <!DOCTYPE> (entity bombs, external entities); TwinCAT writes none.
            if (e.Message.Contains("DTD", StringComparison.Ordinal))
                return Failed(span, "a DTD (<!DOCTYPE ...>) is not allowed in a TwinCAT file");
            return Failed(span, "malformed XML: " + e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or DecoderFallbackException or ArgumentException or NotSupportedException)
        {
            return Failed(new SourceSpan(path, 1, 1), "malformed XML: " + e.Message);
        }

        var root = document.Root!;
        if (root.Name.LocalName != "TcPlcObject")
            return Failed(Span(path, root), $"the root element is <{root.Name.LocalName}>, not <TcPlcObject> (not a TwinCAT source file)");

        var builder = new Builder(path);
        foreach (var element in root.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "POU": builder.Pou(element); break;
                case "GVL":
                    // The list's name: its variables are GVL_Main.x in the code (docs/compatibility.md).
                    builder.GlobalListName ??= (string?)element.Attribute("Name");
                    builder.Declaration(element);
                    builder.NotSupportedChildren(element);
                    break;
                case "DUT":
                    builder.Declaration(element);
                    builder.NotSupportedChildren(element);
                    break;
                case "Itf":
                    builder.Interface(element);
                    break;
                default:
                    builder.Unsupported(element, $"TwinCAT object <{element.Name.LocalName}>");
                    break;
            }
        }
        if (builder.Empty && builder.Diagnostics.Count == 0)
            return Failed(Span(path, root), "no POU, GVL or DUT in the file");
        return new ImportedSource(path, builder.Text.ToString(), builder.Map, builder.Diagnostics, builder.GlobalListName);
    }

    static ImportedSource Failed(SourceSpan span, string message)
    {
        var d = DiagnosticCodes.InvalidProjectFile;
        return new ImportedSource(span.Path, null, null, new[] { new Diagnostic(d.Severity, d.Code, span, d.Format(new object[] { message })) });
    }

    static SourceSpan Span(string path, XObject node)
    {
        var info = (IXmlLineInfo)node;
        // An element's position is that of its name: the '<' is one column before.
        int column = info.LinePosition - (node is XElement ? 1 : 0);
        return info.HasLineInfo() ? new SourceSpan(path, info.LineNumber, Math.Max(1, column)) : new SourceSpan(path, 1, 1);
    }

    static string NameOf(XElement element) => (string?)element.Attribute("Name") ?? "?";

    sealed class Builder
    {
        readonly string path;
        public readonly StringBuilder Text = new();
        public readonly LineMap Map = new();
        public readonly List<Diagnostic> Diagnostics = new();
        /// <summary>The Name of the file's &lt;GVL&gt;, null when it has none.</summary>
        public string? GlobalListName;
        int lastLine = 1;

        public Builder(string path) { this.path = path; }

        public bool Empty => Map.Count == 0;

        public void Pou(XElement pou)
        {
            string? end = EndKeyword(pou.Element(pou.Name.Namespace + "Declaration")?.Value ?? "", out string first);
            if (end == null && first == "INTERFACE")
            {
                Interface(pou);
                return;
            }
            Declaration(pou);
            Implementation(pou);
            Members(pou);
            if (end != null) Line(end, lastLine);
            NotSupportedChildren(pou);
        }

        /// <summary>The methods, properties and actions of a POU or an interface, each closed by the END_ line TwinCAT
        /// leaves out (an interface's have no implementation, so they come out as prototypes).</summary>
        void Members(XElement owner)
        {
            foreach (var child in owner.Elements())
            {
                switch (child.Name.LocalName)
                {
                    case "Method":
                        Declaration(child);
                        Implementation(child);
                        Line("END_METHOD", lastLine);
                        break;
                    case "Property":
                        Declaration(child);
                        foreach (var accessor in child.Elements().Where(e => e.Name.LocalName is "Get" or "Set"))
                        {
                            string keyword = accessor.Name.LocalName.ToUpperInvariant();
                            Line(keyword, LineOf(accessor));
                            Declaration(accessor);
                            Implementation(accessor);
                            Line("END_" + keyword, lastLine);
                        }
                        Line("END_PROPERTY", lastLine);
                        break;
                    case "Action":
                        Line($"ACTION {NameOf(child)}:", LineOf(child));
                        Implementation(child);
                        Line("END_ACTION", lastLine);
                        break;
                }
            }
        }

        /// <summary>An INTERFACE (<c>&lt;Itf&gt;</c>): its declaration, its method and property prototypes, END_INTERFACE.</summary>
        public void Interface(XElement itf)
        {
            Declaration(itf);
            Members(itf);
            Line("END_INTERFACE", lastLine);
        }

        void Implementation(XElement element)
        {
            var implementation = element.Element(element.Name.Namespace + "Implementation");
            if (implementation == null) return;
            foreach (var language in implementation.Elements())
            {
                if (language.Name.LocalName == "ST") Append(language);
                else Unsupported(language, $"an implementation in {language.Name.LocalName} (only ST is read)");
            }
        }

        /// <summary>A line the XML leaves implicit, mapped to <paramref name="line"/> of the file.</summary>
        void Line(string text, int line)
        {
            Text.Append(text).Append('\n');
            Map.Add(line);
            lastLine = line;
        }

        static int LineOf(XObject node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 1;

        /// <summary>Appends the element's &lt;Declaration&gt; text; returns it (null when there is none).</summary>
        public string? Declaration(XElement element)
        {
            var declaration = element.Element(element.Name.Namespace + "Declaration");
            return declaration == null ? null : Append(declaration);
        }

        public void NotSupportedChildren(XElement element)
        {
            foreach (var child in element.Elements().Where(c => NotYet.Contains(c.Name.LocalName)))
                Unsupported(child, $"{child.Name.LocalName.ToUpperInvariant()} '{NameOf(child)}' of '{NameOf(element)}'");
        }

        public void Unsupported(XObject node, string what)
        {
            var d = DiagnosticCodes.UnsupportedConstruct;
            Diagnostics.Add(new Diagnostic(d.Severity, d.Code, Span(path, node), d.Format(new object[] { what })));
        }

        /// <summary>Appends the element's text content (CDATA or text), line by line with the map.</summary>
        string? Append(XElement element)
        {
            var parts = element.Nodes().OfType<XText>().ToList();
            if (parts.Count == 0) return null;
            var whole = new StringBuilder();
            foreach (var part in parts)
            {
                var info = (IXmlLineInfo)part;
                int line = info.HasLineInfo() ? info.LineNumber : lastLine;
                // The reader's position of a text or CDATA node is that of its first character.
                int column = info.HasLineInfo() ? info.LinePosition : 1;
                string value = part.Value.Replace("\r\n", "\n").Replace('\r', '\n');
                whole.Append(value);
                var lines = value.Split('\n');
                for (int i = 0; i < lines.Length; i++)
                {
                    // The text's last line is closed here: the next part starts on a line of its own.
                    Text.Append(lines[i]).Append('\n');
                    Map.Add(line + i, i == 0 ? column - 1 : 0);
                }
                lastLine = line + lines.Length - 1;
            }
            return whole.ToString();
        }
    }

    /// <summary>
    /// The END_ line a TwinCAT declaration leaves out, from its first keyword (after comments and pragmas):
    /// FUNCTION_BLOCK, PROGRAM or FUNCTION; null for anything else (TYPE, VAR_GLOBAL, INTERFACE...).
    /// </summary>
    public static string? EndKeyword(string declaration, out string firstWord)
    {
        int i = 0;
        int n = declaration.Length;
        firstWord = "";
        while (i < n)
        {
            char c = declaration[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '(' && i + 1 < n && declaration[i + 1] == '*') { i = Skip(declaration, i + 2, "*)"); continue; }
            if (c == '/' && i + 1 < n && declaration[i + 1] == '*') { i = Skip(declaration, i + 2, "*/"); continue; }
            if (c == '/' && i + 1 < n && declaration[i + 1] == '/') { i = Skip(declaration, i + 2, "\n"); continue; }
            if (c == '{') { i = Skip(declaration, i + 1, "}"); continue; }
            int start = i;
            while (i < n && (char.IsAsciiLetterOrDigit(declaration[i]) || declaration[i] == '_')) i++;
            firstWord = declaration[start..i].ToUpperInvariant();
            break;
        }
        return firstWord switch
        {
            "FUNCTION_BLOCK" => "END_FUNCTION_BLOCK",
            "PROGRAM" => "END_PROGRAM",
            "FUNCTION" => "END_FUNCTION",
            _ => null,
        };
    }

    static int Skip(string text, int from, string end)
    {
        int k = text.IndexOf(end, from, StringComparison.Ordinal);
        return k < 0 ? text.Length : k + end.Length;
    }
}
