using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;

namespace Plc.Compiler.Binding;

// Phase 6: tasks and program instances (CONFIGURATION / RESOURCE, or the implicit default task).
public sealed partial class Binder
{
    public const long DefaultCycleTimeNs = 10_000_000;

    void BindConfiguration()
    {
        if (configurations.Count == 0)
        {
            program.ImplicitConfiguration = true;
            var task = new TaskSymbol(TaskSymbol.DefaultTaskName, SourceSpan.None) { IntervalNs = DefaultCycleTimeNs, Priority = 0 };
            foreach (var pou in program.Pous.Where(p => p.Kind == PouKind.Program && !p.IsLibrary))
            {
                var instance = testInstances.TryGetValue(pou.Name, out var early) ? early : new ProgramInstanceSymbol(pou.Name, pou, pou.Syntax.Name.Span);
                task.Programs.Add(instance);
                program.Instances.Add(instance);
            }
            if (task.Programs.Count == 0)
            {
                // Tests need no program: a test of function blocks alone runs without scans.
                if (!diagnostics.HasErrors && program.Files.Count > 0 && !testing)
                    Report(DiagnosticCodes.NoProgram, new SourceSpan(program.Files[0], 1, 1));
                return;
            }
            program.Tasks.Add(task);
            return;
        }

        var config = configurations[0];
        var ctx = new BindingContext { TempOwner = program.Globals };
        var instanceNames = new Dictionary<string, ProgramInstanceSymbol>(Names.Comparer);
        TaskSymbol? fallback = null;

        void BindGroup(ImmutableArray<TaskDeclaration> tasks, ImmutableArray<ProgramInstanceDeclaration> programs)
        {
            var local = new Dictionary<string, TaskSymbol>(Names.Comparer);
            foreach (var t in tasks)
            {
                var task = BindTask(t, ctx);
                if (task == null) continue;
                if (local.ContainsKey(task.Name) || program.Tasks.Any(x => Names.Equal(x.Name, task.Name)))
                {
                    Report(DiagnosticCodes.DuplicateDeclaration, t.Name.Span, t.Name.Name, " as a task");
                    continue;
                }
                local[task.Name] = task;
                program.Tasks.Add(task);
            }
            foreach (var p in programs)
            {
                if (IsMissing(p.Name) || IsMissing(p.ProgramType)) continue;
                if (!global.Pous.TryGetValue(p.ProgramType.Name, out var pou) || pou.Kind != PouKind.Program)
                {
                    if (pou == null && !global.Types.ContainsKey(p.ProgramType.Name)) Report(DiagnosticCodes.UndeclaredName, p.ProgramType.Span, p.ProgramType.Name);
                    else Report(DiagnosticCodes.NotAProgram, p.ProgramType.Span, p.ProgramType.Name);
                    continue;
                }
                if (instanceNames.ContainsKey(p.Name.Name) || global.Globals.ContainsKey(p.Name.Name))
                {
                    Report(DiagnosticCodes.DuplicateDeclaration, p.Name.Span, p.Name.Name, "");
                    continue;
                }
                // The VAR_STAT variables of a POU are monitored under its name (D35).
                if (global.Pous.TryGetValue(p.Name.Name, out var withStatics) && withStatics.HasStatics)
                {
                    Report(DiagnosticCodes.DuplicateDeclaration, p.Name.Span, p.Name.Name,
                        $" as the name of the VAR_STAT variables of {PouKindText(withStatics.Kind)} '{withStatics.Name}'");
                    continue;
                }
                TaskSymbol? task;
                if (p.Task != null)
                {
                    if (!local.TryGetValue(p.Task.Name, out task))
                    {
                        Report(DiagnosticCodes.UnknownTask, p.Task.Span, p.Task.Name);
                        continue;
                    }
                }
                else
                {
                    if (fallback == null)
                    {
                        fallback = new TaskSymbol(TaskSymbol.DefaultTaskName, p.Span) { IntervalNs = DefaultCycleTimeNs, Priority = int.MaxValue };
                        program.Tasks.Add(fallback);
                    }
                    task = fallback;
                }
                var instance = testInstances.TryGetValue(p.Name.Name, out var early) && early.Program == pou
                    ? early : new ProgramInstanceSymbol(p.Name.Name, pou, p.Name.Span) { Retain = p.Retain };
                instanceNames[instance.Name] = instance;
                BindProgramArguments(instance, p, ctx);
                task.Programs.Add(instance);
                program.Instances.Add(instance);
            }
        }

        BindGroup(config.Tasks, config.Programs);
        foreach (var r in config.Resources) BindGroup(r.Tasks, r.Programs);
        if (program.Instances.Count == 0)
            Report(DiagnosticCodes.NoProgram, config.Name.Span);
    }

    TaskSymbol? BindTask(TaskDeclaration t, BindingContext ctx)
    {
        if (IsMissing(t.Name)) return null;
        var task = new TaskSymbol(t.Name.Name, t.Name.Span) { Priority = 0 };
        bool hasInterval = false, ok = true;
        foreach (var setting in t.Settings)
        {
            if (setting.Name == null || setting.Value == null) { ok = false; continue; }
            string name = setting.Name.Name.ToUpperInvariant();
            switch (name)
            {
                case "INTERVAL":
                {
                    var v = BindExpression(setting.Value, BindingContext.ForConstants(null));
                    if (v.Type is ErrorType) { ok = false; break; }
                    var c = Convert(v, ElementaryType.LTime, setting.Value.Span);
                    if (c.ConstantValue is not { IsInteger: true } ns || ns.Integer <= 0)
                    {
                        Report(DiagnosticCodes.InvalidTaskSetting, setting.Value.Span, "INTERVAL must be a positive TIME constant, e.g. T#10ms");
                        ok = false;
                        break;
                    }
                    task.IntervalNs = (long)ns.Integer;
                    hasInterval = true;
                    break;
                }
                case "WATCHDOG":
                {
                    var v = BindExpression(setting.Value, BindingContext.ForConstants(null));
                    if (v.Type is ErrorType) { ok = false; break; }
                    var c = Convert(v, ElementaryType.LTime, setting.Value.Span);
                    if (c.ConstantValue is not { IsInteger: true } ns || ns.Integer <= 0)
                    {
                        Report(DiagnosticCodes.InvalidTaskSetting, setting.Value.Span, "WATCHDOG must be a positive TIME constant, e.g. T#50ms");
                        ok = false;
                        break;
                    }
                    task.WatchdogNs = (long)ns.Integer;
                    break;
                }
                case "PRIORITY":
                {
                    var v = BindExpression(setting.Value, BindingContext.ForConstants(null));
                    if (v.ConstantValue is not { IsInteger: true } p || p.Integer < 0 || p.Integer > int.MaxValue || v.Type is not (LiteralType or ElementaryType { IsInteger: true }))
                    {
                        if (v.Type is not ErrorType)
                            Report(DiagnosticCodes.InvalidTaskSetting, setting.Value.Span, "PRIORITY must be a non-negative integer constant (0 is the highest)");
                        ok = false;
                        break;
                    }
                    task.Priority = (int)p.Integer;
                    break;
                }
                case "SINGLE":
                {
                    var v = BindExpression(setting.Value, ctx);
                    if (v.Type is ErrorType) { ok = false; break; }
                    if (Types.Underlying(v.Type) is not ElementaryType { IsBool: true } || !IsStaticLocation(v))
                    {
                        Report(DiagnosticCodes.InvalidTaskSetting, setting.Value.Span, "SINGLE must name a BOOL variable");
                        ok = false;
                        break;
                    }
                    task.Single = v;
                    break;
                }
                default:
                    Report(DiagnosticCodes.InvalidTaskSetting, setting.Name.Span, $"unknown task setting '{setting.Name.Name}' (INTERVAL, PRIORITY, SINGLE, WATCHDOG)");
                    ok = false;
                    break;
            }
        }
        if (ok && !hasInterval && task.Single == null)
        {
            Report(DiagnosticCodes.InvalidTaskSetting, t.Name.Span, $"task '{t.Name.Name}' needs INTERVAL or SINGLE");
            ok = false;
        }
        return ok ? task : null;
    }

    void BindProgramArguments(ProgramInstanceSymbol instance, ProgramInstanceDeclaration p, BindingContext ctx)
    {
        var self = new BoundProgramInstance(p.Span, instance);
        foreach (var arg in p.Arguments)
        {
            if (arg.Name == null || IsMissing(arg.Name))
            {
                Report(DiagnosticCodes.WrongArgumentDirection, arg.Span, "program arguments must be named: input := value or output => variable");
                continue;
            }
            var member = instance.Program.Find(arg.Name.Name);
            if (member == null || !(member.Kind is VariableKind.Input or VariableKind.Output))
            {
                Report(DiagnosticCodes.UnknownParameter, arg.Name.Span, instance.Program.Name, arg.Name.Name);
                continue;
            }
            var memberRef = new BoundMember(arg.Span, self, member);
            if (arg.Kind == ArgumentKind.Output)
            {
                if (member.Kind != VariableKind.Output || arg.Value == null) continue;
                var target = BindExpression(arg.Value, ctx);
                if (target.Type is ErrorType || !CheckAssignable(target, arg.Value.Span)) continue;
                var value = ConvertForAssignment(memberRef, target.Type, arg.Value.Span);
                if (value.Type is ErrorType) continue;
                instance.OutputAssignments.Add(new BoundAssignment(arg.Span, target, value));
            }
            else
            {
                if (member.Kind != VariableKind.Input || arg.Value == null)
                {
                    Report(DiagnosticCodes.WrongArgumentDirection, arg.Span, $"'{member.Name}' is an output: connect it with {member.Name} => variable");
                    continue;
                }
                var value = BindExpression(arg.Value, ctx, member.Type);
                if (value.Type is ErrorType) continue;
                var converted = ConvertForAssignment(value, member.Type, arg.Value.Span);
                if (converted.Type is ErrorType) continue;
                instance.InputAssignments.Add(new BoundAssignment(arg.Span, memberRef, converted));
            }
        }
    }

    /// <summary>Recursion (a POU that reaches itself through calls) is an error: frames are static (D12).</summary>
    void CheckRecursion()
    {
        var state = new Dictionary<PouSymbol, int>();
        var path = new List<PouSymbol>();
        var reported = new HashSet<PouSymbol>();
        void Visit(PouSymbol p)
        {
            state[p] = 1;
            path.Add(p);
            foreach (var (callee, site) in p.Calls)
            {
                state.TryGetValue(callee, out int s);
                if (s == 1)
                {
                    int start = path.IndexOf(callee);
                    var cycle = path.Skip(start).ToList();
                    if (cycle.Any(reported.Contains)) continue;
                    foreach (var c in cycle) reported.Add(c);
                    string via = cycle.Count == 1 ? "directly" : "through " + string.Join(" -> ", cycle.Select(c => c.Name).Append(callee.Name));
                    // Reported at the call that closes the cycle.
                    Report(DiagnosticCodes.Recursion, site, callee.Name, via);
                }
                else if (s == 0) Visit(callee);
            }
            path.RemoveAt(path.Count - 1);
            state[p] = 2;
        }
        foreach (var p in program.Pous)
            if (!state.ContainsKey(p)) Visit(p);
    }

    /// <summary>Program instances that tests refer to before the configuration is bound; the configuration then uses these.</summary>
    readonly Dictionary<string, ProgramInstanceSymbol> testInstances = new(Names.Comparer);

    /// <summary>
    /// In a test build: the program instance a test means by <paramref name="name"/>. Without a CONFIGURATION every
    /// PROGRAM runs as one instance of its own name; with one, the instance names of its PROGRAM declarations count.
    /// </summary>
    ProgramInstanceSymbol? TestProgramInstance(string name)
    {
        if (testInstances.TryGetValue(name, out var known)) return known;
        ProgramInstanceSymbol? created = null;
        if (configurations.Count == 0)
        {
            if (global.Pous.TryGetValue(name, out var pou) && pou.Kind == PouKind.Program && !pou.IsLibrary)
                created = new ProgramInstanceSymbol(pou.Name, pou, pou.Syntax.Name.Span);
        }
        else
        {
            var config = configurations[0];
            var declared = config.Programs.Concat(config.Resources.SelectMany(r => r.Programs)).FirstOrDefault(p => Names.Equal(p.Name.Name, name));
            if (declared != null && global.Pous.TryGetValue(declared.ProgramType.Name, out var pou) && pou.Kind == PouKind.Program)
                created = new ProgramInstanceSymbol(declared.Name.Name, pou, declared.Name.Span) { Retain = declared.Retain };
        }
        if (created != null) testInstances[name] = created;
        return created;
    }
}
