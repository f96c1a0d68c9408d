namespace Plc.Mqtt;

/// <summary>How a variable's value appears in JSON (docs/mqtt.md).</summary>
public enum JsonKind
{
    /// <summary>BOOL and single bits: <c>true</c> / <c>false</c>.</summary>
    Bool,
    /// <summary>Integers, bit strings (BYTE...LWORD), REAL and LREAL: a JSON number (a REAL that is not finite: its
    /// IEC text as a string).</summary>
    Number,
    /// <summary>STRING and WSTRING: the text itself as a JSON string.</summary>
    Text,
    /// <summary>Everything else (TIME, DATE, TOD, DT, CHAR, enumerations, references): the IEC literal as a JSON string,
    /// e.g. <c>"T#1s500ms"</c>, <c>"Color#Red"</c>.</summary>
    Literal,
}
