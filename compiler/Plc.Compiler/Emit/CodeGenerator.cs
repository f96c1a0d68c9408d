using Plc.Compiler.Binding;
using Plc.Runtime.Core;
using PouKind = Plc.Compiler.Ast.PouKind;

namespace Plc.Compiler.Emit;

/// <summary>
/// Turns a bound program into a bytecode image. Split by concern: this file (POUs, tasks, image assembly),
/// CodeGenerator.Locations (addresses, loads and stores), CodeGenerator.Expressions, CodeGenerator.Statements,
/// CodeGenerator.Calls.
/// </summary>
public sealed partial class CodeGenerator
{
    readonly BoundProgram program;
    readonly CodeBuilder code = new();
    readonly MemoryMap memory;
    PouSymbol? current;

    CodeGenerator(BoundProgram program)
    {
        this.program = program;
        emitted = Reachable();
        memory = new MemoryMap(program, emitted.ToHashSet());
    }

    /// <summary>The POUs the image contains, in declaration order.</summary>
    readonly List<PouSymbol> emitted;

    public static Image Generate(BoundProgram program)
    {
        var generator = new CodeGenerator(program);
        return generator.Run();
    }

    Image Run()
    {
        var pous = new List<PouInfo>();
        int index = 0;
        foreach (var pou in emitted) pou.Index = index++;

        foreach (var pou in emitted)
        {
            int start = code.Position;
            EmitPou(pou);
            pous.Add(new PouInfo
            {
                Name = pou.QualifiedName,
                // A method or action is called with its owner's instance as this: to the runtime it is a block of
                // the owner's size (its own variables are in its static frame).
                Kind = pou.Kind switch
                {
                    PouKind.Program => Plc.Runtime.Core.PouKind.Program,
                    PouKind.FunctionBlock or PouKind.Method or PouKind.Action => Plc.Runtime.Core.PouKind.FunctionBlock,
                    _ => Plc.Runtime.Core.PouKind.Function,
                },
                CodeStart = start,
                CodeEnd = code.Position,
                Size = pou.IsMember ? pou.Owner!.Frame.Size : pou.Frame.Size,
                FrameAddress = pou.HasStaticFrame ? pou.FrameAddress : 0,
            });
        }

        var tasks = new List<TaskInfo>();
        foreach (var task in program.Tasks)
        {
            int start = code.Position;
            EmitTaskBody(task);
            int body = pous.Count;
            pous.Add(new PouInfo
            {
                Name = "task " + task.Name,
                Kind = Plc.Runtime.Core.PouKind.TaskBody,
                CodeStart = start,
                CodeEnd = code.Position,
            });
            var info = new TaskInfo
            {
                Name = task.Name,
                IntervalNs = task.IntervalNs,
                WatchdogNs = task.WatchdogNs,
                Priority = task.Priority,
                Body = body,
            };
            if (task.Single != null)
            {
                var loc = StaticAddress(task.Single);
                info.SingleAddress = loc.Offset;
                info.SingleBit = loc.Bit;
            }
            tasks.Add(info);
        }

        if (program.InstanceExit is { } exits)
        {
            // FB_exit of every instance: a task body no task runs; the host runs it when the application ends (D39).
            int start = code.Position;
            current = null;
            foreach (var s in exits) EmitStatement(s);
            code.Emit(Opcode.Ret);
            pous.Add(new PouInfo
            {
                Name = Image.ExitPouName,
                Kind = Plc.Runtime.Core.PouKind.TaskBody,
                CodeStart = start,
                CodeEnd = code.Position,
            });
        }

        var image = new Image
        {
            Code = code.FinishCode(),
            Constants = code.Constants,
            Pous = pous.ToArray(),
            Tasks = tasks.ToArray(),
            Inputs = new Plc.Runtime.Core.IoArea { Address = memory.AreaAddress[0], Size = memory.AreaSize[0], Spaces = memory.SpaceOffsets[0] },
            Outputs = new Plc.Runtime.Core.IoArea { Address = memory.AreaAddress[1], Size = memory.AreaSize[1], Spaces = memory.SpaceOffsets[1] },
            Markers = new Plc.Runtime.Core.IoArea { Address = memory.AreaAddress[2], Size = memory.AreaSize[2], Spaces = memory.SpaceOffsets[2] },
        };
        image.MemorySize = Math.Max(Image.NullGuard, (memory.Size + 7) / 8 * 8);
        image.InitialMemory = InitialImageWriter.Write(program, memory, image.MemorySize);
        image.Debug = DebugInfoBuilder.Build(program, memory, code.Files, code.Lines);
        return image;
    }

    /// <summary>The program's own POUs and the library POUs they use (directly or not), in declaration order.</summary>
    List<PouSymbol> Reachable()
    {
        var used = new HashSet<PouSymbol>(program.Pous.Where(p => !p.IsLibrary));
        var work = new Stack<PouSymbol>(used);
        while (work.Count > 0)
            foreach (var callee in work.Pop().Calls.Keys)
                if (used.Add(callee)) work.Push(callee);
        return program.Pous.Where(used.Contains).ToList();
    }

    void EmitPou(PouSymbol pou)
    {
        current = pou;
        code.MarkLine(pou.Syntax.Name.Span);
        if (pou.Kind is PouKind.Program or PouKind.FunctionBlock)
        {
            // VAR_TEMP starts from its initial value on every call.
            var temps = pou.Frame.Members.Where(m => m.Kind == VariableKind.Temp && m.Storage == StorageKind.Member).ToList();
            if (temps.Count > 0)
            {
                int from = temps.Min(t => t.Offset);
                int to = temps.Max(t => t.Offset + t.Type.Size);
                if (to > from) code.Emit(Opcode.InitT, from, to - from);
            }
        }
        if (pou.Body != null) EmitBlock(pou.Body);
        code.MarkLine(pou.Syntax.EndSpan.Line > 0 ? pou.Syntax.EndSpan : pou.Syntax.Name.Span);
        code.Emit(Opcode.Ret);
        current = null;
    }

    void EmitTaskBody(TaskSymbol task)
    {
        current = null;
        if (program.InstanceInitialization is { } init && program.InstancesInitializedFlag is { } flag)
        {
            // FB_init of every instance, once, in whichever task runs first (D39).
            var done = new Location(LocationMode.Absolute, memory.GlobalsAddress + flag.Offset);
            var skip = code.NewLabel();
            Load(done, ElementaryType.Bool);
            code.EmitJump(Opcode.Jnz, skip);
            foreach (var s in init) EmitStatement(s);
            code.Emit(Opcode.PushI, 1);
            Store(done, ElementaryType.Bool);
            code.Mark(skip);
        }
        foreach (var instance in task.Programs)
        {
            code.MarkLine(instance.Span);
            foreach (var s in instance.InputAssignments) EmitStatement(s);
            code.MarkLine(instance.Span);
            code.Emit(Opcode.LeaG, instance.Address);
            code.Emit(Opcode.CallFb, instance.Program.Index);
            foreach (var s in instance.OutputAssignments) EmitStatement(s);
        }
        code.Emit(Opcode.Ret);
    }
}
