namespace Plc.Testing.UnitTests;

/// <summary>One assertion that did not hold: where it is in the ST source, and what it saw.</summary>
public sealed record AssertionFailure(string Assertion, string Path, int Line, int Column, string Message, string Expected, string Actual)
{
    /// <summary><c>path(line,col): ASSERT_EQUAL: expected 100, actual 90: message</c></summary>
    public override string ToString() =>
        $"{Path}({Line},{Column}): {Assertion}: expected {Expected}, actual {Actual}" + (Message.Length > 0 ? ": " + Message : "");
}

public enum TestOutcome { Passed, Failed, Faulted }

/// <summary>What one test did.</summary>
public sealed class TestResult
{
    public required string Name { get; init; }
    /// <summary>Where the test function block is declared.</summary>
    public required string Path { get; init; }
    public int Line { get; init; }
    public TestOutcome Outcome { get; init; }
    public bool Passed => Outcome == TestOutcome.Passed;
    /// <summary>Assertions evaluated.</summary>
    public long Assertions { get; init; }
    /// <summary>Assertions that failed (only the first <see cref="TestRunner.RecordedFailures"/> are in <see cref="Failures"/>).</summary>
    public long FailureCount { get; init; }
    public IReadOnlyList<AssertionFailure> Failures { get; init; } = Array.Empty<AssertionFailure>();
    /// <summary>A runtime fault that ended the test: <c>path(line,col): fault PLCF001: division by zero (at T#20ms)</c>.</summary>
    public string? Fault { get; init; }
    /// <summary>Simulated time the test covered (the sum of its ADVANCEs).</summary>
    public long SimulatedNs { get; init; }
    /// <summary>Scans of the program's tasks during the test's ADVANCEs.</summary>
    public long Scans { get; init; }
    /// <summary>Wall-clock time the test took.</summary>
    public TimeSpan Duration { get; init; }
}
