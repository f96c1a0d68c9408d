using System.Globalization;
using System.Text;
using System.Xml;

namespace Plc.Testing.UnitTests;

/// <summary>
/// Test results as JUnit XML, the format CI systems (Jenkins, GitLab, GitHub actions, Azure) read: one
/// <c>testsuite</c> per source file, one <c>testcase</c> per test (classname: the file's name without extension),
/// a <c>failure</c> per failed test listing every failed assertion, an <c>error</c> for a runtime fault.
/// </summary>
public static class JUnitReport
{
    public static void Write(TextWriter output, IReadOnlyList<TestResult> results, string suiteName = "plc test")
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = false };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", suiteName);
        WriteCounts(xml, results);
        foreach (var file in results.GroupBy(r => r.Path))
        {
            var list = file.ToList();
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", file.Key);
            WriteCounts(xml, list);
            foreach (var r in list)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", r.Name);
                xml.WriteAttributeString("classname", Path.GetFileNameWithoutExtension(r.Path));
                xml.WriteAttributeString("file", r.Path);
                xml.WriteAttributeString("line", r.Line.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("assertions", r.Assertions.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("time", Seconds(r.Duration));
                if (r.Outcome == TestOutcome.Faulted)
                {
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("message", Clean(r.Fault!));
                    xml.WriteAttributeString("type", "fault");
                    xml.WriteString(Clean(Details(r)));
                    xml.WriteEndElement();
                }
                else if (r.Outcome == TestOutcome.Failed)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", Clean(r.Failures.Count > 0 ? r.Failures[0].ToString() : $"{r.FailureCount} assertions failed"));
                    xml.WriteAttributeString("type", r.Failures.Count > 0 ? r.Failures[0].Assertion : "assertion");
                    xml.WriteString(Clean(Details(r)));
                    xml.WriteEndElement();
                }
                xml.WriteElementString("system-out", Clean($"{r.Assertions} assertions, {SimulatedTime(r.SimulatedNs)} simulated, {r.Scans} scans"));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    static void WriteCounts(XmlWriter xml, IReadOnlyList<TestResult> results)
    {
        xml.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", results.Count(r => r.Outcome == TestOutcome.Failed).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", results.Count(r => r.Outcome == TestOutcome.Faulted).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", "0");
        xml.WriteAttributeString("time", Seconds(TimeSpan.FromTicks(results.Sum(r => r.Duration.Ticks))));
    }

    /// <summary>Every recorded failure, one a line, then the fault.</summary>
    public static string Details(TestResult r)
    {
        var sb = new StringBuilder();
        foreach (var f in r.Failures) sb.AppendLine(f.ToString());
        if (r.FailureCount > r.Failures.Count) sb.AppendLine($"... and {r.FailureCount - r.Failures.Count} more failed assertions");
        if (r.Fault != null) sb.AppendLine(r.Fault);
        return sb.ToString();
    }

    /// <summary>Simulated time as an IEC duration (T#1s500ms).</summary>
    public static string SimulatedTime(long ns) => Plc.Runtime.Core.Disassembler.FormatTime(ns);

    static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Characters XML 1.0 cannot hold (control characters from a STRING) become '?'.</summary>
    static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(c is '\t' or '\n' or '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF && !char.IsSurrogate(c)) ? c : '?');
        return sb.ToString();
    }
}
