using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Plc.Runtime.Core;
using Plc.Runtime.Hosting;
using Plc.Runtime.Hosting.Monitoring;

namespace Plc.Web;

/// <summary>
/// The program's variables as a tree for the page: programs, function block instances, structs and arrays are
/// inner nodes; the leaves are what <see cref="MonitorBridge.List"/> lists (elementary values, strings, references),
/// with their type, flags, direct address and whether they are forced and can be written. Built from the names:
/// <c>Main.arr[2].x</c> is Main → arr → [2] → x.
/// </summary>
public static class VariableTree
{
    sealed class Node
    {
        public readonly string Name, Path;
        public readonly List<Node> Children = new();
        public readonly Dictionary<string, Node> ByName = new(StringComparer.Ordinal);
        public MonitoredVariable? Leaf;
        public Node(string name, string path) { Name = name; Path = path; }
    }

    /// <summary>Writes <c>{"nodes": [...], "count": N, "truncated": bool}</c>.</summary>
    public static void Write(Utf8JsonWriter json, MonitorBridge bridge)
    {
        var variables = bridge.List();
        var root = new Node("", "");
        foreach (var v in variables) Insert(root, v);
        json.WriteStartObject();
        json.WritePropertyName("nodes");
        WriteChildren(json, root, bridge.Image);
        json.WriteNumber("count", variables.Count);
        json.WriteBoolean("truncated", variables.Count >= MonitorBridge.MaxListEntries);
        json.WriteEndObject();
    }

    /// <summary>Splits a name at the dots outside brackets and before each <c>[</c>:
    /// <c>Main.m[1,2].x</c> → <c>Main</c>, <c>m</c>, <c>[1,2]</c>, <c>x</c>.</summary>
    public static List<string> Segments(string path)
    {
        var segments = new List<string>();
        int start = 0, depth = 0;
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c == '[')
            {
                if (depth == 0 && i > start) { segments.Add(path[start..i]); start = i; }
                depth++;
            }
            else if (c == ']')
            {
                depth--;
                if (depth == 0) { segments.Add(path[start..(i + 1)]); start = i + 1; }
            }
            else if (c == '.' && depth == 0)
            {
                if (i > start) segments.Add(path[start..i]);
                start = i + 1;
            }
        }
        if (start < path.Length) segments.Add(path[start..]);
        return segments;
    }

    static void Insert(Node root, MonitoredVariable v)
    {
        var node = root;
        string path = "";
        var segments = Segments(v.Name);
        for (int k = 0; k < segments.Count; k++)
        {
            string s = segments[k];
            path = path.Length == 0 ? s : s[0] == '[' ? path + s : path + "." + s;
            if (!node.ByName.TryGetValue(s, out var child))
            {
                child = new Node(s, path);
                node.ByName.Add(s, child);
                node.Children.Add(child);
            }
            node = child;
        }
        node.Leaf = v;
    }

    static void WriteChildren(Utf8JsonWriter json, Node node, Image image)
    {
        json.WriteStartArray();
        foreach (var child in node.Children) WriteNode(json, child, image);
        json.WriteEndArray();
    }

    static void WriteNode(Utf8JsonWriter json, Node node, Image image)
    {
        json.WriteStartObject();
        json.WriteString("name", node.Name);
        json.WriteString("path", node.Path);
        if (node.Leaf is { } v && node.Children.Count == 0)
        {
            json.WriteString("type", v.Type);
            json.WriteStartArray("flags");
            foreach (var f in FlagNames(v.Flags)) json.WriteStringValue(f);
            json.WriteEndArray();
            json.WriteString("location", v.Location);
            json.WriteBoolean("forced", v.Forced);
            json.WriteBoolean("writable", (v.Flags & VarFlags.Constant) == 0 && !v.Type.StartsWith("REF_TO", StringComparison.Ordinal));
        }
        else
        {
            var (kind, type) = Describe(image, node.Path);
            json.WriteString("kind", kind);
            json.WriteString("type", type);
            json.WritePropertyName("children");
            WriteChildren(json, node, image);
        }
        json.WriteEndObject();
    }

    /// <summary>The flags a leaf shows: input, output, inout, temp, global, constant, retain, persistent.</summary>
    public static List<string> FlagNames(int flags)
    {
        var names = new List<string>();
        if ((flags & VarFlags.Input) != 0) names.Add("input");
        if ((flags & VarFlags.Output) != 0) names.Add("output");
        if ((flags & VarFlags.InOut) != 0) names.Add("inout");
        if ((flags & VarFlags.Temp) != 0) names.Add("temp");
        if ((flags & VarFlags.Global) != 0) names.Add("global");
        if ((flags & VarFlags.Constant) != 0) names.Add("constant");
        if ((flags & VarFlags.Retain) != 0) names.Add("retain");
        if ((flags & VarFlags.Persistent) != 0) names.Add("persistent");
        return names;
    }

    /// <summary>Kind (program, instance, struct, array) and type name of an inner node. Inner nodes are never
    /// reached through a reference or a VAR_IN_OUT (those are leaves), so the initial memory resolves them.</summary>
    static (string Kind, string Type) Describe(Image image, string path)
    {
        var loc = VariablePath.Resolve(image, image.InitialMemory, path, out _);
        var types = image.Debug.Types;
        if (loc is not { } l || l.Type < 0 || l.Type >= types.Length) return ("group", "");
        var t = types[l.Type];
        return t.Kind switch
        {
            TypeKind.Program => ("program", t.Name),
            TypeKind.FunctionBlock => ("instance", t.Name),
            TypeKind.Struct => ("struct", t.Name),
            TypeKind.Array => ("array", ArrayTypeName(t, types)),
            _ => ("group", t.Name),
        };
    }

    static string ArrayTypeName(TypeDesc t, TypeDesc[] types)
    {
        var dims = new string[t.Lower.Length];
        for (int d = 0; d < dims.Length; d++)
            dims[d] = t.Lower[d].ToString(CultureInfo.InvariantCulture) + ".." + t.Upper[d].ToString(CultureInfo.InvariantCulture);
        string element = "?";
        if (t.Element >= 0 && t.Element < types.Length)
        {
            var e = types[t.Element];
            element = e.Name.Length > 0 ? e.Name
                : e.Kind switch
                {
                    TypeKind.Elementary or TypeKind.Subrange => ValueWriter.ElementaryName(e.Elementary),
                    TypeKind.String => "STRING(" + e.Length.ToString(CultureInfo.InvariantCulture) + ")",
                    TypeKind.WString => "WSTRING(" + e.Length.ToString(CultureInfo.InvariantCulture) + ")",
                    TypeKind.Array => "ARRAY",
                    _ => e.Kind.ToString().ToUpperInvariant(),
                };
        }
        return "ARRAY[" + string.Join(",", dims) + "] OF " + element;
    }
}
