using System.Globalization;

namespace Plc.Hardware.Configuration;

public enum IoSeverity { Error, Warning }

/// <summary>
/// A problem found in an I/O configuration file: <c>path(line,col): error PLCIOnnn: message</c>, with a 1-based line
/// and column in the YAML file. The codes are listed in <see cref="IoDiagnosticCodes"/> and documented in docs/io.md.
/// </summary>
public sealed record IoDiagnostic(string Path, int Line, int Column, IoSeverity Severity, string Code, string Message)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Path}({Line},{Column}): {(Severity == IoSeverity.Error ? "error" : "warning")} {Code}: {Message}");
}

/// <summary>A diagnostic code with its title (the heading of its section in docs/io.md) and severity.</summary>
public sealed record IoDiagnosticCode(string Code, string Title, IoSeverity Severity);

/// <summary>
/// The stable codes of I/O configuration diagnostics. A code is never renumbered or reused. PLCIO0xx: the file
/// itself (reader); PLCIO1xx: the file against a compiled program (validator).
/// </summary>
public static class IoDiagnosticCodes
{
    public const string SyntaxError = "PLCIO001";
    public const string FileNotReadable = "PLCIO002";
    public const string UnknownKey = "PLCIO003";
    public const string DuplicateKey = "PLCIO004";
    public const string MissingKey = "PLCIO005";
    public const string WrongValueType = "PLCIO006";
    public const string InvalidNumber = "PLCIO007";
    public const string InvalidDuration = "PLCIO008";
    public const string UnknownGpioMode = "PLCIO009";
    public const string UnknownDevice = "PLCIO010";
    public const string UnknownChannel = "PLCIO011";
    public const string NotAnAddress = "PLCIO012";
    public const string WrongAddressKind = "PLCIO013";
    public const string OutOfRange = "PLCIO014";
    public const string NotApplicable = "PLCIO015";
    public const string DuplicateAddress = "PLCIO016";
    public const string DuplicatePin = "PLCIO018";
    public const string DuplicateI2cDevice = "PLCIO019";
    public const string DuplicatePwmChannel = "PLCIO020";
    public const string DuplicateChannel = "PLCIO021";
    public const string UnusualI2cAddress = "PLCIO022";
    public const string NotDeclared = "PLCIO101";
    public const string TypeMismatch = "PLCIO102";

    /// <summary>Every code, in order.</summary>
    public static readonly IReadOnlyList<IoDiagnosticCode> All = new IoDiagnosticCode[]
    {
        new(SyntaxError, "YAML syntax error", IoSeverity.Error),
        new(FileNotReadable, "File not readable", IoSeverity.Error),
        new(UnknownKey, "Unknown key", IoSeverity.Error),
        new(DuplicateKey, "Duplicate key", IoSeverity.Error),
        new(MissingKey, "Missing key", IoSeverity.Error),
        new(WrongValueType, "Wrong kind of value", IoSeverity.Error),
        new(InvalidNumber, "Invalid number", IoSeverity.Error),
        new(InvalidDuration, "Invalid duration", IoSeverity.Error),
        new(UnknownGpioMode, "Unknown GPIO mode", IoSeverity.Error),
        new(UnknownDevice, "Unknown device", IoSeverity.Error),
        new(UnknownChannel, "Unknown channel", IoSeverity.Error),
        new(NotAnAddress, "Not a direct address", IoSeverity.Error),
        new(WrongAddressKind, "Address does not fit its use", IoSeverity.Error),
        new(OutOfRange, "Value out of range", IoSeverity.Error),
        new(NotApplicable, "Key does not apply here", IoSeverity.Error),
        new(DuplicateAddress, "Address bound twice", IoSeverity.Error),
        new(DuplicatePin, "GPIO pin used twice", IoSeverity.Error),
        new(DuplicateI2cDevice, "I2C device configured twice", IoSeverity.Error),
        new(DuplicatePwmChannel, "PWM channel used twice", IoSeverity.Error),
        new(DuplicateChannel, "Chip channel bound twice", IoSeverity.Error),
        new(UnusualI2cAddress, "Unusual I2C address for the device", IoSeverity.Warning),
        new(NotDeclared, "Address not declared by the program", IoSeverity.Error),
        new(TypeMismatch, "Declared type does not fit the binding", IoSeverity.Error),
    };

    /// <summary>The severity a code is always reported with.</summary>
    public static IoSeverity SeverityOf(string code)
    {
        foreach (var c in All)
            if (c.Code == code) return c.Severity;
        throw new ArgumentException($"unknown code {code}", nameof(code));
    }
}
