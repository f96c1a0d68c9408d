using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Plc.Compiler.Diagnostics;

/// <summary>
/// Every diagnostic the compiler reports. Codes are stable: never renumber, never reuse a retired code.
/// Each one is explained in docs/diagnostics.md (a test checks that every code here has its section there).
/// PLC0xxx syntax, PLC1xxx declarations and names, PLC2xxx types and expressions, PLC3xxx statements,
/// PLC4xxx program organisation (configurations, tasks, calls).
/// </summary>
public static class DiagnosticCodes
{
    static DiagnosticDescriptor E(string code, string title, string format) => new(code, Severity.Error, title, format);
    static DiagnosticDescriptor W(string code, string title, string format) => new(code, Severity.Warning, title, format);
    static DiagnosticDescriptor N(string code, string title, string format) => new(code, Severity.Note, title, format);

    // Syntax
    public static readonly DiagnosticDescriptor SyntaxError = E("PLC0001", "Syntax error", "{0}");
    public static readonly DiagnosticDescriptor InvalidCharacter = E("PLC0002", "Invalid character", "unexpected character {0}");
    public static readonly DiagnosticDescriptor InvalidLiteral = E("PLC0003", "Invalid literal", "{0}");
    public static readonly DiagnosticDescriptor PragmaIgnored = N("PLC0004", "Pragma ignored", "pragma ignored: {0}");
    public static readonly DiagnosticDescriptor UnsupportedConstruct = E("PLC0005", "Unsupported construct", "{0} is not supported");
    public static readonly DiagnosticDescriptor UnterminatedComment = E("PLC0006", "Unterminated comment", "comment is not closed before the end of the file");
    public static readonly DiagnosticDescriptor FileNotFound = E("PLC0007", "Source file not readable", "cannot read source file: {0}");
    public static readonly DiagnosticDescriptor InvalidProjectFile = E("PLC0008", "Project file not readable", "cannot import the file: {0}");

    // Declarations and names
    public static readonly DiagnosticDescriptor UndeclaredName = E("PLC1001", "Undeclared name", "'{0}' is not declared");
    public static readonly DiagnosticDescriptor UnknownType = E("PLC1002", "Unknown type", "unknown type '{0}'");
    public static readonly DiagnosticDescriptor DuplicateDeclaration = E("PLC1003", "Duplicate declaration", "'{0}' is already declared{1}");
    public static readonly DiagnosticDescriptor NoSuchMember = E("PLC1004", "No such member", "'{0}' has no member '{1}'");
    public static readonly DiagnosticDescriptor AmbiguousEnumValue = E("PLC1005", "Ambiguous enumeration value", "'{0}' is a value of several enumerations ({1}); qualify it as Type#{0}");
    public static readonly DiagnosticDescriptor RecursiveType = E("PLC1006", "Recursive type", "type '{0}' contains itself");
    public static readonly DiagnosticDescriptor ExternalMismatch = E("PLC1007", "VAR_EXTERNAL does not match global", "VAR_EXTERNAL '{0}' does not match the global variable: {1}");
    public static readonly DiagnosticDescriptor NotAType = E("PLC1008", "Not a type", "'{0}' is not a type");
    public static readonly DiagnosticDescriptor MemberNotAccessible = E("PLC1009", "Member not accessible", "'{0}' is a local variable of '{1}' and cannot be {2} from outside");
    public static readonly DiagnosticDescriptor InvalidLocation = E("PLC1010", "Invalid direct address", "{0}");
    public static readonly DiagnosticDescriptor LocationTypeMismatch = E("PLC1011", "Direct address does not match type", "{0}");
    public static readonly DiagnosticDescriptor InvalidArrayBounds = E("PLC1012", "Invalid array bounds", "{0}");
    public static readonly DiagnosticDescriptor NotConstant = E("PLC1013", "Constant expression required", "{0} must be a constant expression");
    public static readonly DiagnosticDescriptor InvalidInitializer = E("PLC1014", "Invalid initial value", "{0}");
    public static readonly DiagnosticDescriptor InvalidDeclaration = E("PLC1015", "Invalid declaration", "{0}");
    public static readonly DiagnosticDescriptor ReservedName = E("PLC1017", "Reserved name", "'{0}' is a reserved name and cannot be declared");
    public static readonly DiagnosticDescriptor TypeTooLarge = E("PLC1018", "Type too large", "{0}");
    public static readonly DiagnosticDescriptor LibraryNameNotAvailable = E("PLC1019", "Library name not available", "{0}");
    public static readonly DiagnosticDescriptor LocalReadFromOutside = W("PLC1021", "Local variable read from outside", "'{0}' is a local variable of '{1}', read from outside (TwinCAT allows reading; writing it from here is an error)");
    public static readonly DiagnosticDescriptor QualifiedOnlyGlobal = E("PLC1020", "Global variable needs its list's name", "'{0}' is a variable of the global variable list '{1}', which is qualified_only: write {1}.{0}");

    // Types and expressions
    public static readonly DiagnosticDescriptor TypeMismatch = E("PLC2001", "Type mismatch", "cannot convert {0} to {1}");
    public static readonly DiagnosticDescriptor NarrowingConversion = W("PLC2002", "Implicit narrowing conversion", "implicit conversion from {0} to {1} may lose information");
    public static readonly DiagnosticDescriptor OperatorTypeMismatch = E("PLC2003", "Operator not defined for types", "operator {0} cannot be applied to {1}");
    public static readonly DiagnosticDescriptor ConstantOutOfRange = E("PLC2004", "Constant out of range", "constant {0} does not fit in {1}");
    public static readonly DiagnosticDescriptor AssignToConstant = E("PLC2005", "Assignment to constant", "'{0}' is a constant and cannot be assigned");
    public static readonly DiagnosticDescriptor NotAssignable = E("PLC2006", "Not assignable", "{0} cannot be assigned");
    public static readonly DiagnosticDescriptor WrongIndexCount = E("PLC2007", "Wrong number of indices", "'{0}' has {1} dimension(s) but {2} index(es) are given");
    public static readonly DiagnosticDescriptor IndexOutOfBounds = E("PLC2008", "Constant index out of bounds", "index {0} is outside the bounds {1}..{2}");
    public static readonly DiagnosticDescriptor NotAnArray = E("PLC2009", "Not an array", "'{0}' is not an array");
    public static readonly DiagnosticDescriptor NotAReference = E("PLC2010", "Not a reference", "'{0}' is not a reference and cannot be dereferenced");
    public static readonly DiagnosticDescriptor DivisionByConstantZero = E("PLC2011", "Division by zero", "division by constant zero");
    public static readonly DiagnosticDescriptor InvalidBitAccess = E("PLC2012", "Invalid bit access", "{0}");
    public static readonly DiagnosticDescriptor CannotTakeReference = E("PLC2013", "Cannot take a reference", "{0}");
    public static readonly DiagnosticDescriptor ConditionNotBool = E("PLC2014", "Condition is not BOOL", "condition must be BOOL, not {0}");
    public static readonly DiagnosticDescriptor NotAValue = E("PLC2015", "Not a value", "'{0}' is {1}, not a value");
    public static readonly DiagnosticDescriptor SignedUnsignedMix = W("PLC2016", "Mixed signed and unsigned operands", "operands {0} and {1} are mixed; computed as {2}");
    public static readonly DiagnosticDescriptor InvalidReferenceUse = E("PLC2020", "Invalid use of a REFERENCE TO", "{0}");

    // Statements
    public static readonly DiagnosticDescriptor ExitOutsideLoop = E("PLC3001", "EXIT outside a loop", "EXIT is only allowed inside FOR, WHILE or REPEAT");
    public static readonly DiagnosticDescriptor ContinueOutsideLoop = E("PLC3002", "CONTINUE outside a loop", "CONTINUE is only allowed inside FOR, WHILE or REPEAT");
    public static readonly DiagnosticDescriptor DuplicateCaseLabel = E("PLC3003", "Duplicate CASE label", "CASE label {0} is already used");
    public static readonly DiagnosticDescriptor InvalidForVariable = E("PLC3004", "Invalid FOR control variable", "{0}");
    public static readonly DiagnosticDescriptor ZeroForStep = E("PLC3005", "FOR step is zero", "the BY step of a FOR loop must not be zero");
    public static readonly DiagnosticDescriptor InvalidCaseSelector = E("PLC3006", "Invalid CASE selector", "CASE selector must be an integer or enumeration, not {0}");
    public static readonly DiagnosticDescriptor ExpressionStatement = E("PLC3008", "Expression is not a statement", "an expression on its own is not a statement; did you mean ':='?");
    public static readonly DiagnosticDescriptor ForVariableAssigned = W("PLC3009", "FOR control variable assigned in loop", "the control variable '{0}' is assigned inside its FOR loop");
    public static readonly DiagnosticDescriptor AdvanceMisplaced = E("PLC3010", "ADVANCE misplaced", "{0}");
    public static readonly DiagnosticDescriptor InvalidJump = E("PLC3011", "Invalid JMP", "{0}");

    // Program organisation units, calls, configurations
    public static readonly DiagnosticDescriptor NotCallable = E("PLC4001", "Not callable", "'{0}' is not a function or function block instance");
    public static readonly DiagnosticDescriptor WrongArgumentCount = E("PLC4002", "Wrong number of arguments", "'{0}' takes {1} argument(s) but {2} are given");
    public static readonly DiagnosticDescriptor UnknownParameter = E("PLC4003", "Unknown parameter", "'{0}' has no parameter '{1}'");
    public static readonly DiagnosticDescriptor DuplicateArgument = E("PLC4004", "Parameter given twice", "parameter '{0}' is given more than once");
    public static readonly DiagnosticDescriptor MissingInOut = E("PLC4005", "VAR_IN_OUT not assigned", "VAR_IN_OUT '{0}' of '{1}' must be assigned in every call");
    public static readonly DiagnosticDescriptor WrongArgumentDirection = E("PLC4006", "Wrong argument direction", "{0}");
    public static readonly DiagnosticDescriptor Recursion = E("PLC4007", "Recursive call", "'{0}' calls itself {1}; recursion is not allowed");
    public static readonly DiagnosticDescriptor NoReturnValue = E("PLC4008", "Function has no result", "{0} has no return type and cannot be used in an expression");
    public static readonly DiagnosticDescriptor UnknownTask = E("PLC4009", "Unknown task", "task '{0}' is not declared in this resource");
    public static readonly DiagnosticDescriptor InvalidTaskSetting = E("PLC4010", "Invalid task setting", "{0}");
    public static readonly DiagnosticDescriptor NotAProgram = E("PLC4011", "Not a program", "'{0}' is not a PROGRAM");
    public static readonly DiagnosticDescriptor NoProgram = E("PLC4012", "Nothing to run", "no PROGRAM to run: declare a PROGRAM or a CONFIGURATION");
    public static readonly DiagnosticDescriptor MixedArgumentStyle = E("PLC4013", "Positional argument after named", "a positional argument cannot follow a named one");
    public static readonly DiagnosticDescriptor ProgramCalled = E("PLC4014", "Program called", "program '{0}' is run by a task and cannot be called");
    public static readonly DiagnosticDescriptor ParameterNotInput = E("PLC4015", "Cannot assign output from outside", "'{0}' is an output of '{1}' and cannot be assigned from outside");
    public static readonly DiagnosticDescriptor FunctionBlockTypeCalled = E("PLC4018", "Function block type called", "'{0}' is a function block type: declare an instance (inst : {0};) and call the instance");
    public static readonly DiagnosticDescriptor TestOnly = E("PLC4019", "Only in tests", "'{0}' exists only in tests run by plc test (docs/testing.md)");
    public static readonly DiagnosticDescriptor InvalidTest = E("PLC4020", "Test cannot be run", "test '{0}' cannot be run: {1}");
    public static readonly DiagnosticDescriptor MethodNotAccessible = E("PLC4021", "Method or property not accessible", "'{0}' is {1} in '{2}' and cannot be used from here");
    public static readonly DiagnosticDescriptor InvalidHierarchy = E("PLC4022", "Invalid EXTENDS, IMPLEMENTS or override", "{0}");
    public static readonly DiagnosticDescriptor PositionalByPlace = W("PLC4024", "Positional argument after named", "a positional argument after a named one is taken by its place in the list: argument {0} of {1} ('{2}')");
    public static readonly DiagnosticDescriptor NoDynamicMemory = E("PLC4023", "No dynamic memory", "{0}: there is no dynamic memory on this controller (all memory is fixed when the program loads); declare a variable or an array of the type instead of allocating it");
    public static readonly DiagnosticDescriptor MultipleConfigurations = E("PLC4016", "More than one configuration", "only one CONFIGURATION is allowed; '{0}' is already declared");

    /// <summary>All descriptors, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Code, System.StringComparer.Ordinal)
            .ToList();
}
