using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Plc.Compiler.Ast;
using Plc.Compiler.Diagnostics;
using P = Plc.Compiler.Syntax.Generated.StructuredTextParser;

namespace Plc.Compiler.Syntax;

/// <summary>
/// Turns ANTLR's parse tree into the compiler's immutable AST. The parse tree may be incomplete after syntax
/// errors (children missing, contexts without an alternative, tokens conjured by the error recovery); every
/// access here is null-safe: an unreadable expression becomes <see cref="ErrorExpression"/>, a missing name
/// <see cref="MissingName"/>, an unreadable statement or declaration is left out. Reports invalid literals
/// (PLC0003), unsupported constructs (PLC0005) and the few syntax rules the grammar leaves open (PLC0001), at
/// most one error per position.
/// </summary>
sealed class SyntaxTreeBuilder
{
    /// <summary>The name given to an identifier the parser had to invent; the binder ignores it.</summary>
    public const string MissingName = "<missing>";

    /// <summary>The most operators an expression may chain (<c>a + b + ...</c>), which bounds the depth of the AST.</summary>
    public const int MaxOperatorChain = 1000;

    readonly string path;
    readonly SyntaxErrorListener errors;

    public SyntaxTreeBuilder(string path, SyntaxErrorListener errors)
    {
        this.path = path;
        this.errors = errors;
    }

    // -----------------------------------------------------------------------------------------------------------
    // Declarations

    public ImmutableArray<Declaration> Declarations(P.CompilationUnitContext? unit)
    {
        var result = ImmutableArray.CreateBuilder<Declaration>();
        if (unit is null)
            return result.ToImmutable();
        foreach (P.DeclarationContext? declaration in unit.declaration() ?? Array.Empty<P.DeclarationContext>())
        {
            if (declaration?.GetChild(0) is P.ActionDeclarationContext topLevelAction)
            {
                AttachAction(result, Action(topLevelAction));
                continue;
            }
            Declaration? built = declaration?.GetChild(0) switch
            {
                P.ProgramDeclarationContext c => WithMembers(
                    Pou(c, PouKind.Program, null, c.identifier(), c.varBlock(), Statements(c.blockBody()), c.END_PROGRAM()), c.blockBody()?.pouMember()),
                P.FunctionBlockDeclarationContext c => FunctionBlock(c),
                P.FunctionDeclarationContext c => Pou(c, PouKind.Function, Present(c.COLON()) ? TypeSpec(c.typeSpec(), c) : null,
                    c.identifier(), c.varBlock(), c.statementList(), c.END_FUNCTION()),
                P.InterfaceDeclarationContext c => Interface(c),
                P.TypeDeclarationContext c => TypeDeclaration(c),
                P.GlobalVarDeclarationContext c => GlobalVariables(c),
                P.ConfigurationDeclarationContext c => Configuration(c),
                _ => null,
            };
            if (built is not null)
                result.Add(built);
        }
        return result.ToImmutable();
    }

    PouDeclaration Pou(ParserRuleContext context, PouKind kind, TypeReference? returnType, P.IdentifierContext? name,
        P.VarBlockContext[]? varBlocks, P.StatementListContext? body, ITerminalNode? end)
        => Pou(context, kind, returnType, name, varBlocks, Statements(body), end);

    PouDeclaration Pou(ParserRuleContext context, PouKind kind, TypeReference? returnType, P.IdentifierContext? name,
        P.VarBlockContext[]? varBlocks, ImmutableArray<Statement> body, ITerminalNode? end)
    {
        IToken endToken = end?.Symbol ?? context.Stop ?? context.Start;
        return new PouDeclaration(At(context), kind, Name(name, context), returnType, VarBlocks(varBlocks),
            body, At(endToken));
    }

    // ---- object orientation -----------------------------------------------------------------------------------

    PouDeclaration FunctionBlock(P.FunctionBlockDeclarationContext c)
    {
        P.IdentifierContext[] names = c.identifier() ?? Array.Empty<P.IdentifierContext>();
        PouDeclaration pou = Pou(c, PouKind.FunctionBlock, null, names.Length > 0 ? names[0] : null, c.varBlock(),
            Statements(c.blockBody()), c.END_FUNCTION_BLOCK());
        var (access, modifiers) = Modifiers(c.modifier());
        Identifier? extends = null;
        var implements = ImmutableArray.CreateBuilder<Identifier>();
        int mode = 0; // 1 after EXTENDS, 2 after IMPLEMENTS
        for (int i = 0; i < c.ChildCount; i++)
        {
            switch (c.GetChild(i))
            {
                case ITerminalNode t when t.Symbol.Type == P.EXTENDS: mode = 1; break;
                case ITerminalNode t when t.Symbol.Type == P.IMPLEMENTS: mode = 2; break;
                case P.IdentifierContext id when mode == 1: extends = Name(id, c); mode = 0; break;
                case P.IdentifierContext id when mode == 2: implements.Add(Name(id, c)); break;
                case P.VarBlockContext or P.BlockBodyContext: mode = 3; break;
            }
        }
        return WithMembers(pou with { Access = access, Modifiers = modifiers, Extends = extends, Implements = implements.ToImmutable() },
            c.blockBody()?.pouMember());
    }

    PouDeclaration WithMembers(PouDeclaration pou, P.PouMemberContext[]? members)
    {
        var methods = ImmutableArray.CreateBuilder<PouDeclaration>();
        var properties = ImmutableArray.CreateBuilder<PropertyDeclaration>();
        var actions = ImmutableArray.CreateBuilder<PouDeclaration>();
        foreach (P.PouMemberContext? member in members ?? Array.Empty<P.PouMemberContext>())
        {
            switch (member?.GetChild(0))
            {
                case P.MethodDeclarationContext m: methods.Add(Method(m)); break;
                case P.PropertyDeclarationContext p: properties.Add(Property(p)); break;
                case P.ActionDeclarationContext a: actions.Add(Action(a)); break;
            }
        }
        return pou with { Methods = methods.ToImmutable(), Properties = properties.ToImmutable(), Actions = actions.ToImmutable() };
    }

    PouDeclaration Method(P.MethodDeclarationContext c)
    {
        var (access, modifiers) = Modifiers(c.modifier());
        PouDeclaration method = Pou(c, PouKind.Method, Present(c.COLON()) ? TypeSpec(c.typeSpec(), c) : null, c.identifier(),
            c.varBlock(), c.statementList(), c.END_METHOD());
        return method with { Access = access, Modifiers = modifiers };
    }

    PouDeclaration Action(P.ActionDeclarationContext c)
        => Pou(c, PouKind.Action, null, c.identifier(), null, c.statementList(), c.END_ACTION());

    PropertyDeclaration Property(P.PropertyDeclarationContext c)
    {
        var (access, modifiers) = Modifiers(c.modifier());
        Identifier name = Name(c.identifier(), c);
        TypeReference type = TypeSpec(c.typeSpec(), c);
        ImmutableArray<VarBlock> shared = VarBlocks(c.varBlock());
        PouDeclaration? getter = null, setter = null;
        foreach (P.PropertyAccessorContext? accessor in c.propertyAccessor() ?? Array.Empty<P.PropertyAccessorContext>())
        {
            if (accessor is null)
                continue;
            bool isGet = accessor.kind?.Type == P.GET;
            ITerminalNode? end = isGet ? accessor.END_GET() : accessor.END_SET();
            IToken endToken = end?.Symbol ?? accessor.Stop ?? accessor.Start;
            ImmutableArray<VarBlock> blocks = shared.AddRange(VarBlocks(accessor.varBlock()));
            if (!isGet)
            {
                // Inside SET the property's name is the value being assigned: an input of the setter.
                var value = new VarDeclaration(name.Span, ImmutableArray.Create(name), null, type, null);
                blocks = blocks.Insert(0, new VarBlock(name.Span, VarKind.Input, false, RetainKind.None, ImmutableArray.Create(value)));
            }
            var body = new PouDeclaration(At(accessor), PouKind.Method, name, isGet ? type : null, blocks,
                Statements(accessor.statementList()), At(endToken)) { Access = access, Modifiers = modifiers };
            if (isGet) getter ??= body;
            else setter ??= body;
        }
        return new PropertyDeclaration(At(c), name, type, access, modifiers, getter, setter);
    }

    InterfaceDeclaration Interface(P.InterfaceDeclarationContext c)
    {
        P.IdentifierContext[] names = c.identifier() ?? Array.Empty<P.IdentifierContext>();
        var extends = ImmutableArray.CreateBuilder<Identifier>();
        for (int i = 1; i < names.Length; i++)
            extends.Add(Name(names[i], c));
        var methods = ImmutableArray.CreateBuilder<PouDeclaration>();
        foreach (P.MethodDeclarationContext? m in c.methodDeclaration() ?? Array.Empty<P.MethodDeclarationContext>())
            if (m is not null) methods.Add(Method(m));
        var properties = ImmutableArray.CreateBuilder<PropertyDeclaration>();
        foreach (P.PropertyDeclarationContext? p in c.propertyDeclaration() ?? Array.Empty<P.PropertyDeclarationContext>())
            if (p is not null) properties.Add(Property(p));
        IToken endToken = c.END_INTERFACE()?.Symbol ?? c.Stop ?? c.Start;
        return new InterfaceDeclaration(At(c), Name(names.Length > 0 ? names[0] : null, c), extends.ToImmutable(),
            methods.ToImmutable(), properties.ToImmutable(), At(endToken));
    }

    static (AccessLevel, MemberModifiers) Modifiers(P.ModifierContext[]? modifiers)
    {
        AccessLevel access = AccessLevel.Public;
        MemberModifiers flags = MemberModifiers.None;
        foreach (P.ModifierContext? m in modifiers ?? Array.Empty<P.ModifierContext>())
        {
            switch (m?.Start.Type)
            {
                case P.PRIVATE: access = AccessLevel.Private; break;
                case P.PROTECTED: access = AccessLevel.Protected; break;
                case P.INTERNAL: access = AccessLevel.Internal; break;
                case P.PUBLIC: access = AccessLevel.Public; break;
                case P.ABSTRACT: flags |= MemberModifiers.Abstract; break;
                case P.FINAL: flags |= MemberModifiers.Final; break;
                case P.OVERRIDE: flags |= MemberModifiers.Override; break;
            }
        }
        return (access, flags);
    }

    /// <summary>An ACTION at the top level belongs to the POU just before it (CODESYS 2.3 exports).</summary>
    void AttachAction(ImmutableArray<Declaration>.Builder declarations, PouDeclaration action)
    {
        for (int i = declarations.Count - 1; i >= 0; i--)
        {
            if (declarations[i] is PouDeclaration { Kind: PouKind.Program or PouKind.FunctionBlock } owner)
            {
                declarations[i] = owner with { Actions = owner.Actions.Add(action) };
                return;
            }
        }
        errors.ReportOnce(DiagnosticCodes.SyntaxError, action.Span,
            $"ACTION '{action.Name.Name}' must follow the PROGRAM or FUNCTION_BLOCK it belongs to");
    }

    TypeDeclaration TypeDeclaration(P.TypeDeclarationContext context)
    {
        var types = ImmutableArray.CreateBuilder<TypeDefinition>();
        foreach (P.TypeDefinitionContext? definition in context.typeDefinition() ?? Array.Empty<P.TypeDefinitionContext>())
        {
            if (definition is null)
                continue;
            // A definition whose ':' the error recovery conjured (TYPE ... STRUCT M : Lib.T; ... reads 'T ;' as one)
            // is not a type the source declares: its syntax error is reported, and declaring it would make the name
            // resolve in every other file of the project.
            if (definition.COLON() is not { Symbol.TokenIndex: >= 0 })
                continue;
            P.StructTypeContext? structType = definition.structType();
            P.UnionTypeContext? unionType = definition.unionType();
            TypeReference type = structType is not null
                ? new StructTypeReference(At(structType), VarDeclarations(structType.varDeclaration()))
                : unionType is not null
                ? new UnionTypeReference(At(unionType), VarDeclarations(unionType.varDeclaration()))
                : TypeSpec(definition.typeSpec(), definition);
            P.IdentifierContext[] names = definition.identifier() ?? Array.Empty<P.IdentifierContext>();
            types.Add(new TypeDefinition(At(definition), Name(names.Length > 0 ? names[0] : null, definition), type,
                InitializerOrNull(definition.ASSIGN(), definition.initializer(), definition))
            {
                Extends = definition.@base is { } b ? Name(b, definition) : null,
            });
        }
        return new TypeDeclaration(At(context), types.ToImmutable());
    }

    GlobalVarDeclaration? GlobalVariables(P.GlobalVarDeclarationContext context)
    {
        VarBlock? block = GlobalBlock(context.varBlock(), "outside a PROGRAM, FUNCTION_BLOCK or FUNCTION");
        return block is null ? null : new GlobalVarDeclaration(At(context), block);
    }

    // A block where only VAR_GLOBAL is allowed; other kinds are reported and left out.
    VarBlock? GlobalBlock(P.VarBlockContext? context, string where)
    {
        if (context is null)
            return null;
        VarBlock block = VarBlock(context);
        if (block.Kind == VarKind.Global)
            return block;
        errors.ReportOnce(DiagnosticCodes.SyntaxError, block.Span,
            $"a {context.Start.Text.ToUpperInvariant()} block is not allowed {where}; only VAR_GLOBAL is allowed here");
        return null;
    }

    ConfigurationDeclaration Configuration(P.ConfigurationDeclarationContext context)
    {
        var globals = ImmutableArray.CreateBuilder<VarBlock>();
        var resources = ImmutableArray.CreateBuilder<ResourceDeclaration>();
        var tasks = ImmutableArray.CreateBuilder<TaskDeclaration>();
        var programs = ImmutableArray.CreateBuilder<ProgramInstanceDeclaration>();
        foreach (P.ConfigurationElementContext? element in context.configurationElement() ?? Array.Empty<P.ConfigurationElementContext>())
        {
            switch (element?.GetChild(0))
            {
                case P.VarBlockContext block:
                    if (GlobalBlock(block, "in a configuration") is { } global)
                        globals.Add(global);
                    break;
                case P.ResourceDeclarationContext resource:
                    resources.Add(Resource(resource));
                    break;
                case P.TaskDeclarationContext task:
                    tasks.Add(Task(task));
                    break;
                case P.ProgramInstanceContext program:
                    programs.Add(ProgramInstance(program));
                    break;
            }
        }
        return new ConfigurationDeclaration(At(context), Name(context.identifier(), context), globals.ToImmutable(),
            resources.ToImmutable(), tasks.ToImmutable(), programs.ToImmutable());
    }

    ResourceDeclaration Resource(P.ResourceDeclarationContext context)
    {
        var globals = ImmutableArray.CreateBuilder<VarBlock>();
        var tasks = ImmutableArray.CreateBuilder<TaskDeclaration>();
        var programs = ImmutableArray.CreateBuilder<ProgramInstanceDeclaration>();
        foreach (P.ResourceElementContext? element in context.resourceElement() ?? Array.Empty<P.ResourceElementContext>())
        {
            switch (element?.GetChild(0))
            {
                case P.VarBlockContext block:
                    if (GlobalBlock(block, "in a resource") is { } global)
                        globals.Add(global);
                    break;
                case P.TaskDeclarationContext task:
                    tasks.Add(Task(task));
                    break;
                case P.ProgramInstanceContext program:
                    programs.Add(ProgramInstance(program));
                    break;
            }
        }
        P.IdentifierContext? onType = After<P.IdentifierContext>(context, P.ON);
        return new ResourceDeclaration(At(context), Name(context.identifier(0), context),
            onType is null ? null : Name(onType, context), globals.ToImmutable(), tasks.ToImmutable(), programs.ToImmutable());
    }

    TaskDeclaration Task(P.TaskDeclarationContext context)
        => new(At(context), Name(context.identifier(), context), Arguments(context.argument()));

    ProgramInstanceDeclaration ProgramInstance(P.ProgramInstanceContext context)
    {
        P.IdentifierContext? task = After<P.IdentifierContext>(context, P.WITH);
        RetainKind retain = context.retain?.Type switch
        {
            P.RETAIN => RetainKind.Retain,
            P.NON_RETAIN => RetainKind.NonRetain,
            P.PERSISTENT => RetainKind.Persistent,
            _ => RetainKind.None,
        };
        return new ProgramInstanceDeclaration(At(context), Name(context.identifier(0), context),
            task is null ? null : Name(task, context), Name(After<P.IdentifierContext>(context, P.COLON), context),
            Arguments(context.argument()), retain);
    }

    // -----------------------------------------------------------------------------------------------------------
    // Variables

    ImmutableArray<VarBlock> VarBlocks(P.VarBlockContext[]? contexts)
    {
        var result = ImmutableArray.CreateBuilder<VarBlock>();
        foreach (P.VarBlockContext? context in contexts ?? Array.Empty<P.VarBlockContext>())
            if (context is not null)
                result.Add(VarBlock(context));
        return result.ToImmutable();
    }

    VarBlock VarBlock(P.VarBlockContext context)
    {
        VarKind kind = context.varKind()?.Start.Type switch
        {
            P.VAR_INPUT => VarKind.Input,
            P.VAR_OUTPUT => VarKind.Output,
            P.VAR_IN_OUT => VarKind.InOut,
            P.VAR_TEMP => VarKind.Temp,
            P.VAR_GLOBAL => VarKind.Global,
            P.VAR_EXTERNAL => VarKind.External,
            P.VAR_STAT => VarKind.Static,
            P.VAR_INST => VarKind.Instance,
            _ => VarKind.Var,
        };
        bool constant = false, retain = false, nonRetain = false, persistent = false;
        foreach (P.VarQualifierContext? qualifier in context.varQualifier() ?? Array.Empty<P.VarQualifierContext>())
        {
            switch (qualifier?.Start.Type)
            {
                case P.CONSTANT: constant = true; break;
                case P.RETAIN: retain = true; break;
                case P.NON_RETAIN: nonRetain = true; break;
                case P.PERSISTENT: persistent = true; break;
            }
        }
        if (nonRetain && (retain || persistent))
            errors.ReportOnce(DiagnosticCodes.SyntaxError, At(context),
                "NON_RETAIN cannot be combined with " + (retain ? "RETAIN" : "PERSISTENT"));
        RetainKind retainKind = persistent ? RetainKind.Persistent
            : retain ? RetainKind.Retain
            : nonRetain ? RetainKind.NonRetain
            : RetainKind.None;
        return new VarBlock(At(context), kind, constant, retainKind, VarDeclarations(context.varDeclaration()));
    }

    ImmutableArray<VarDeclaration> VarDeclarations(P.VarDeclarationContext[]? contexts)
    {
        var result = ImmutableArray.CreateBuilder<VarDeclaration>();
        foreach (P.VarDeclarationContext? context in contexts ?? Array.Empty<P.VarDeclarationContext>())
        {
            if (context is null)
                continue;
            var names = ImmutableArray.CreateBuilder<Identifier>();
            foreach (P.IdentifierContext? name in context.identifier() ?? Array.Empty<P.IdentifierContext>())
                names.Add(Name(name, context));
            if (names.Count == 0)
                names.Add(Name(null, context));
            ITerminalNode? address = context.DIRECT_ADDRESS();
            DirectAddress? location = address is null || IsConjured(address) ? null : DirectAddress(address.Symbol);
            result.Add(new VarDeclaration(At(context), names.ToImmutable(), location, TypeSpec(context.typeSpec(), context),
                Present(context.REF_ASSIGN()) && context.initializer() is P.ExpressionInitializerContext refInit
                    ? new ReferenceInitializer(At(refInit), Expr(refInit.expression(), refInit))
                    : InitializerOrNull(context.ASSIGN() ?? context.REF_ASSIGN(), context.initializer(), context)));
        }
        return result.ToImmutable();
    }

    DirectAddress DirectAddress(IToken token)
    {
        string text = (token.Text ?? "").ToUpperInvariant();
        if (text.EndsWith('*'))
            errors.ReportOnce(DiagnosticCodes.UnsupportedConstruct, At(token), $"the incomplete address {text}");
        return new DirectAddress(At(token), text);
    }

    // -----------------------------------------------------------------------------------------------------------
    // Types

    TypeReference TypeSpec(P.TypeSpecContext? context, ParserRuleContext parent)
    {
        switch (context)
        {
            case P.NamedTypeContext c:
            {
                P.IdentifierContext[] parts = c.identifier() ?? Array.Empty<P.IdentifierContext>();
                if (parts.Length <= 1)
                    return Named(parts.Length == 1 ? parts[0] : null, c);
                NamedTypeReference last = Named(parts[^1], c);
                return last with
                {
                    Span = At(c),
                    Qualifier = string.Join(".", parts.Take(parts.Length - 1).Select(p => p.GetText())),
                };
            }
            case P.StringTypeContext c:
                P.ExpressionContext? length = c.expression();
                return new StringTypeReference(At(c), c.kind?.Type == P.WSTRING, length is null ? null : Expr(length, c));
            case P.ArrayTypeContext c:
            {
                var ranges = ImmutableArray.CreateBuilder<ArrayRange>();
                foreach (P.ArrayRangeContext? range in c.arrayRange() ?? Array.Empty<P.ArrayRangeContext>())
                    if (range is not null)
                        ranges.Add(Present(range.STAR())
                            ? new ArrayRange(At(range), null, null)
                            : new ArrayRange(At(range), Expr(range.expression(0), range), Expr(range.expression(1), range)));
                return new ArrayTypeReference(At(c), ranges.ToImmutable(), TypeSpec(c.typeSpec(), c));
            }
            case P.RefTypeContext c:
                return new RefTypeReference(At(c), TypeSpec(c.typeSpec(), c));
            case P.PointerTypeContext c:
                return new PointerTypeReference(At(c), TypeSpec(c.typeSpec(), c));
            case P.ReferenceTypeContext c:
                return new ReferenceTypeReference(At(c), TypeSpec(c.typeSpec(), c));
            case P.InstanceWithArgumentsContext c:
                return new InstanceWithArgumentsTypeReference(At(c), Named(c.identifier(), c), Arguments(c.argument()));
            case P.SubrangeTypeContext c:
                return new SubrangeTypeReference(At(c), Named(c.identifier(), c), Expr(c.expression(0), c), Expr(c.expression(1), c));
            case P.EnumTypeContext c:
                return new EnumTypeReference(At(c), EnumValues(c.enumValueList()), c.identifier() is { } after ? Named(after, c) : null);
            case P.EnumTypeWithBaseContext c:
                return new EnumTypeReference(At(c), EnumValues(c.enumValueList()), Named(c.identifier(), c));
            default:
                ParserRuleContext at = context ?? parent;
                return new NamedTypeReference(At(at), Missing(at));
        }
    }

    NamedTypeReference Named(P.IdentifierContext? name, ParserRuleContext parent)
    {
        Identifier identifier = Name(name, parent);
        return new NamedTypeReference(identifier.Span, identifier);
    }

    ImmutableArray<EnumValueDeclaration> EnumValues(P.EnumValueListContext? context)
    {
        var result = ImmutableArray.CreateBuilder<EnumValueDeclaration>();
        foreach (P.EnumValueContext? value in context?.enumValue() ?? Array.Empty<P.EnumValueContext>())
        {
            if (value is null)
                continue;
            result.Add(new EnumValueDeclaration(At(value), Name(value.identifier(), value),
                Present(value.ASSIGN()) ? Expr(value.expression(), value) : null));
        }
        return result.ToImmutable();
    }

    // -----------------------------------------------------------------------------------------------------------
    // Initial values

    // After ':=' there is an initial value, even if it could not be read; without ':=' there is none.
    Initializer? InitializerOrNull(ITerminalNode? assign, P.InitializerContext? context, ParserRuleContext parent)
        => Present(assign) || context is not null ? Initializer(context, parent) : null;

    Initializer Initializer(P.InitializerContext? context, ParserRuleContext parent)
    {
        switch (context)
        {
            case P.ExpressionInitializerContext c:
                return new ExpressionInitializer(At(c), Expr(c.expression(), c));
            case P.ArrayInitializerContext c:
            {
                var elements = ImmutableArray.CreateBuilder<ArrayInitElement>();
                foreach (P.ArrayInitElementContext? element in c.arrayInitElement() ?? Array.Empty<P.ArrayInitElementContext>())
                {
                    switch (element)
                    {
                        case P.RepeatedElementContext r:
                            P.InitializerContext? repeated = r.initializer();
                            elements.Add(new ArrayInitElement(At(r), IntegerToken(r.INTEGER()?.Symbol, r),
                                repeated is null ? null : Initializer(repeated, r)));
                            break;
                        case P.SingleElementContext s:
                            elements.Add(new ArrayInitElement(At(s), null, Initializer(s.initializer(), s)));
                            break;
                    }
                }
                return new ArrayInitializer(At(c), elements.ToImmutable());
            }
            case P.StructInitializerContext c:
            {
                var fields = ImmutableArray.CreateBuilder<StructInitField>();
                foreach (P.StructInitFieldContext? field in c.structInitField() ?? Array.Empty<P.StructInitFieldContext>())
                    if (field is not null)
                        fields.Add(new StructInitField(At(field), Name(field.identifier(), field), Initializer(field.initializer(), field)));
                return new StructInitializer(At(c), fields.ToImmutable());
            }
            default:
                ParserRuleContext at = context ?? parent;
                return new ExpressionInitializer(At(at), Error(at));
        }
    }

    // -----------------------------------------------------------------------------------------------------------
    // Statements

    // A statement list: statements and jump labels, in the order written.
    ImmutableArray<Statement> Statements(P.StatementListContext? context) => StatementsOf(context);

    /// <summary>A program's or block's statements (its methods, properties and actions are taken by WithMembers).</summary>
    ImmutableArray<Statement> Statements(P.BlockBodyContext? context) => StatementsOf(context);

    ImmutableArray<Statement> StatementsOf(ParserRuleContext? context)
    {
        var result = ImmutableArray.CreateBuilder<Statement>();
        for (int i = 0; i < (context?.ChildCount ?? 0); i++)
        {
            switch (context!.GetChild(i))
            {
                case P.StatementContext statement:
                    if (Statement(statement) is { } built)
                        result.Add(built);
                    break;
                case P.JumpLabelContext label when Present(label.COLON()):
                    result.Add(new LabelStatement(At(label), Name(label.identifier(), label)));
                    break;
            }
        }
        return result.ToImmutable();
    }

    ImmutableArray<Statement> Statements(P.StatementContext[]? contexts)
    {
        var result = ImmutableArray.CreateBuilder<Statement>();
        foreach (P.StatementContext? statement in contexts ?? Array.Empty<P.StatementContext>())
            if (Statement(statement) is { } built)
                result.Add(built);
        return result.ToImmutable();
    }

    Statement? Statement(P.StatementContext? context)
    {
        switch (context)
        {
            case P.SimpleStatementContext c:
            {
                Expression first = Expr(c.expression(0), c);
                if (Present(c.ASSIGN()))
                    return new AssignmentStatement(At(c), first, Expr(c.expression(1), c));
                if (Present(c.REF_ASSIGN()))
                    return new ReferenceAssignmentStatement(At(c), first, Expr(c.expression(1), c));
                if (first is CallExpression call)
                    return new CallStatement(At(c), call);
                return new ExpressionStatement(At(c), first);
            }
            case P.IfStatementContext c:
            {
                var elsifs = ImmutableArray.CreateBuilder<ElsifClause>();
                foreach (P.ElsifClauseContext? elsif in c.elsifClause() ?? Array.Empty<P.ElsifClauseContext>())
                    if (elsif is not null)
                        elsifs.Add(new ElsifClause(At(elsif), Expr(elsif.expression(), elsif), Statements(elsif.statementList())));
                return new IfStatement(At(c), Expr(c.expression(), c), Statements(After<P.StatementListContext>(c, P.THEN)),
                    elsifs.ToImmutable(), Else(c));
            }
            case P.CaseStatementContext c:
            {
                var clauses = ImmutableArray.CreateBuilder<CaseClause>();
                foreach (P.CaseClauseContext? clause in c.caseClause() ?? Array.Empty<P.CaseClauseContext>())
                {
                    if (clause is null)
                        continue;
                    var labels = ImmutableArray.CreateBuilder<CaseLabel>();
                    foreach (P.CaseLabelContext? label in clause.caseLabel() ?? Array.Empty<P.CaseLabelContext>())
                        if (label is not null)
                            labels.Add(new CaseLabel(At(label), Expr(label.expression(0), label),
                                Present(label.DOTDOT()) ? Expr(label.expression(1), label) : null));
                    clauses.Add(new CaseClause(At(clause), labels.ToImmutable(), Statements(clause.caseBody()?.statement())));
                }
                return new CaseStatement(At(c), Expr(c.expression(), c), clauses.ToImmutable(), Else(c));
            }
            case P.ForStatementContext c:
                return new ForStatement(At(c), Expr(c.expression(0), c), Expr(After<P.ExpressionContext>(c, P.ASSIGN), c),
                    Expr(After<P.ExpressionContext>(c, P.TO), c),
                    Present(c.BY()) ? Expr(After<P.ExpressionContext>(c, P.BY), c) : null, Statements(c.statementList()));
            case P.WhileStatementContext c:
                return new WhileStatement(At(c), Expr(c.expression(), c), Statements(c.statementList()));
            case P.RepeatStatementContext c:
                return new RepeatStatement(At(c), Statements(c.statementList()), Expr(c.expression(), c));
            case P.ExitStatementContext c:
                return new ExitStatement(At(c));
            case P.ContinueStatementContext c:
                return new ContinueStatement(At(c));
            case P.ReturnStatementContext c:
                return new ReturnStatement(At(c));
            case P.JumpStatementContext c:
                // The name is optional in the grammar so that `JMP;` is one clear error, not a recovery guess.
                if (c.identifier() is null)
                {
                    errors.ReportOnce(DiagnosticCodes.SyntaxError, At(c), "JMP needs the name of a label: JMP name;");
                    return null;
                }
                return new JumpStatement(At(c), Name(c.identifier(), c));
            case P.EmptyStatementContext c:
                return new EmptyStatement(At(c));
            default:
                return null;
        }
    }

    // The statements after ELSE, or null without ELSE.
    ImmutableArray<Statement>? Else(ParserRuleContext context)
    {
        for (int i = 0; i < context.ChildCount; i++)
            if (context.GetChild(i) is ITerminalNode { Symbol.Type: P.ELSE } node && Present(node))
                return Statements(After<P.StatementListContext>(context, P.ELSE));
        return null;
    }

    // -----------------------------------------------------------------------------------------------------------
    // Expressions

    /// <summary>
    /// Builds an expression. The left operands of postfix and binary operators are walked in a loop rather than
    /// by recursion, so a long chain such as <c>a + b + c + ...</c> does not use stack per operator.
    /// </summary>
    Expression Expr(P.ExpressionContext? context, ParserRuleContext parent)
    {
        if (context is null)
            return Error(parent.Stop ?? parent.Start);

        var spine = new Stack<P.ExpressionContext>();
        P.ExpressionContext current = context;
        while (LeftOperand(current) is { } left)
        {
            spine.Push(current);
            current = left;
        }
        if (spine.Count > MaxOperatorChain)
        {
            // Later passes walk expressions recursively; keep the tree's depth bounded.
            errors.ReportOnce(DiagnosticCodes.SyntaxError, At(context),
                $"this expression has more than {MaxOperatorChain} operators in a row; split it into several statements");
            return Error(context.Start);
        }
        Expression result = Operand(current);
        while (spine.Count > 0)
            result = Apply(spine.Pop(), result);
        return result;
    }

    static P.ExpressionContext? LeftOperand(P.ExpressionContext context) => context switch
    {
        P.DereferenceContext or P.MemberAccessContext or P.BitAccessContext or P.IndexContext or P.CallContext
            or P.BinaryContext => context.GetRuleContext<P.ExpressionContext>(0),
        _ => null,
    };

    // A postfix or binary operator applied to its already built left operand.
    Expression Apply(P.ExpressionContext context, Expression left)
    {
        SourceSpan span = At(context);
        switch (context)
        {
            case P.DereferenceContext:
                return new DereferenceExpression(span, left);
            case P.MemberAccessContext c:
                return new MemberAccessExpression(span, left, Name(c.identifier(), c));
            case P.BitAccessContext c:
                return new BitAccessExpression(span, left, BitNumber(c.INTEGER()?.Symbol));
            case P.IndexContext c:
            {
                var indices = ImmutableArray.CreateBuilder<Expression>();
                P.ExpressionContext[] expressions = c.expression() ?? Array.Empty<P.ExpressionContext>();
                for (int i = 1; i < expressions.Length; i++)
                    indices.Add(Expr(expressions[i], c));
                if (indices.Count == 0)
                    indices.Add(Error(c.Stop ?? c.Start));
                return new IndexExpression(span, left, indices.ToImmutable());
            }
            case P.CallContext c:
                return new CallExpression(span, left, Arguments(c.argument()));
            case P.BinaryContext c:
                return new BinaryExpression(span, BinaryOperatorOf(c.op), left, Expr(c.expression(1), c));
            default:
                return left;
        }
    }

    static BinaryOperator BinaryOperatorOf(IToken? op) => op?.Type switch
    {
        P.OR => BinaryOperator.Or,
        P.XOR => BinaryOperator.Xor,
        P.AND or P.AMPERSAND => BinaryOperator.And,
        P.AND_THEN => BinaryOperator.AndThen,
        P.OR_ELSE => BinaryOperator.OrElse,
        P.EQUAL => BinaryOperator.Equal,
        P.NOT_EQUAL => BinaryOperator.NotEqual,
        P.LESS => BinaryOperator.Less,
        P.LESS_EQUAL => BinaryOperator.LessOrEqual,
        P.GREATER => BinaryOperator.Greater,
        P.GREATER_EQUAL => BinaryOperator.GreaterOrEqual,
        P.PLUS => BinaryOperator.Add,
        P.MINUS => BinaryOperator.Subtract,
        P.STAR => BinaryOperator.Multiply,
        P.SLASH => BinaryOperator.Divide,
        P.MOD => BinaryOperator.Modulo,
        _ => BinaryOperator.Power,
    };

    // An expression that is not a postfix or binary operator applied to a left operand.
    Expression Operand(P.ExpressionContext context)
    {
        switch (context)
        {
            case P.UnaryContext c:
            {
                UnaryOperator op = c.op?.Type switch
                {
                    P.MINUS => UnaryOperator.Negate,
                    P.PLUS => UnaryOperator.Plus,
                    _ => UnaryOperator.Not,
                };
                return new UnaryExpression(At(c), op, Expr(c.expression(), c));
            }
            case P.ParenthesizedContext c:
                // (n := F(x)): an assignment inside an expression (D43).
                return c.value is null
                    ? Expr(c.expression(0), c)
                    : new AssignmentExpression(At(c), Expr(c.expression(0), c), Expr(c.value, c));
            case P.LiteralAtomContext c:
                return Literal(c.literal(), c);
            case P.TypedLiteralContext c:
            {
                Expression value = Literal(c.literal(), c);
                if (c.sign?.Type == P.MINUS)
                    value = new UnaryExpression(At(c.sign), UnaryOperator.Negate, value);
                return new TypedLiteral(At(c), TypeName(c.typedLiteralType(), c), value);
            }
            case P.QualifiedEnumValueContext c:
                return new QualifiedEnumValue(At(c), Name(c.identifier(0), c), Name(c.identifier(1), c));
            case P.NameAtomContext c:
            {
                Identifier name = Name(c.identifier(), c);
                return name.Name == MissingName ? new ErrorExpression(name.Span) : new NameExpression(At(c), name);
            }
            case P.DirectAddressAtomContext c:
                return DirectAddressExpression(c);
            case P.OperatorCallContext c:
            {
                // AND(a, b, c), OR(...), XOR(...), MOD(a, b): the standard functions named like operators.
                var name = new Identifier(At(c.name), (c.name?.Text ?? "AND").ToUpperInvariant());
                return new CallExpression(At(c), new NameExpression(name.Span, name), Arguments(c.argument()));
            }
            default:
                return Error(context.Start);
        }
    }

    Identifier TypeName(P.TypedLiteralTypeContext? context, ParserRuleContext parent)
    {
        if (context?.identifier() is { } identifier)
            return Name(identifier, context);
        IToken? token = context is null ? null : FirstRealToken(context);
        return token is null ? Missing(context ?? parent) : new Identifier(At(token), token.Text);
    }

    // %IX0.0 as written (upper case). A bit of a byte, word, double or long word address, %MW0.3, is a bit access
    // to the address without the bit.
    Expression DirectAddressExpression(P.DirectAddressAtomContext context)
    {
        IToken? token = context.DIRECT_ADDRESS()?.Symbol;
        if (token is null)
            return Error(context.Start);
        DirectAddress address = DirectAddress(token);
        string text = address.Text;
        int dot = text.IndexOf('.');
        if (text.Length > 2 && text[2] is 'B' or 'W' or 'D' or 'L' && dot > 0 && text.IndexOf('.', dot + 1) < 0
            && int.TryParse(text.AsSpan(dot + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int bit))
        {
            var word = new DirectAddress(address.Span, text.Substring(0, dot));
            return new BitAccessExpression(address.Span, new DirectAddressExpression(address.Span, word), bit);
        }
        return new DirectAddressExpression(At(context), address);
    }

    ImmutableArray<Argument> Arguments(P.ArgumentContext[]? contexts)
    {
        var result = ImmutableArray.CreateBuilder<Argument>();
        foreach (P.ArgumentContext? context in contexts ?? Array.Empty<P.ArgumentContext>())
        {
            switch (context)
            {
                case P.InputArgumentContext c:
                    result.Add(new Argument(At(c), ArgumentKind.Input, Name(c.identifier(), c), Expr(c.expression(), c), false));
                    break;
                case P.OutputArgumentContext c:
                    P.ExpressionContext? target = c.expression();
                    result.Add(new Argument(At(c), ArgumentKind.Output, Name(c.identifier(), c),
                        target is null ? null : Expr(target, c), Present(c.NOT())));
                    break;
                case P.PositionalArgumentContext c:
                    result.Add(new Argument(At(c), ArgumentKind.Positional, null, Expr(c.expression(), c), false));
                    break;
                case not null:
                    result.Add(new Argument(At(context), ArgumentKind.Positional, null, Error(context.Start), false));
                    break;
            }
        }
        return result.ToImmutable();
    }

    // -----------------------------------------------------------------------------------------------------------
    // Literals

    Expression Literal(P.LiteralContext? context, ParserRuleContext parent)
    {
        IToken? token = context is null ? null : FirstRealToken(context);
        if (token is null)
            return Error(context?.Start ?? parent.Stop ?? parent.Start);
        SourceSpan span = At(token);
        string text = token.Text ?? "";
        string? error;
        switch (token.Type)
        {
            case P.INTEGER:
                if (LiteralDecoder.TryDecodeInteger(text, out ulong integer, out error))
                    return new IntegerLiteral(span, integer, text);
                break;
            case P.REAL_NUMBER:
                if (LiteralDecoder.TryDecodeReal(text, out double real, out error))
                    return new RealLiteral(span, real, text);
                break;
            case P.TRUE:
                return new BoolLiteral(span, true);
            case P.FALSE:
                return new BoolLiteral(span, false);
            case P.NULL:
                return new NullLiteral(span);
            case P.STRING_LITERAL or P.WSTRING_LITERAL:
                if (LiteralDecoder.TryDecodeString(text, out string value, out bool wide, out error))
                    return new StringLiteral(span, value, wide);
                break;
            case P.DURATION_LITERAL:
                if (LiteralDecoder.TryDecodeDuration(text, out long duration, out bool longDuration, out error))
                    return new DurationLiteral(span, longDuration, duration);
                break;
            case P.DATE_LITERAL:
                if (LiteralDecoder.TryDecodeDate(text, out long date, out bool longDate, out error))
                    return new DateLiteral(span, longDate, date);
                break;
            case P.TIME_OF_DAY_LITERAL:
                if (LiteralDecoder.TryDecodeTimeOfDay(text, out long timeOfDay, out bool longTimeOfDay, out error))
                    return new TimeOfDayLiteral(span, longTimeOfDay, timeOfDay);
                break;
            case P.DATE_AND_TIME_LITERAL:
                if (LiteralDecoder.TryDecodeDateAndTime(text, out long dateAndTime, out bool longDateAndTime, out error))
                    return new DateAndTimeLiteral(span, longDateAndTime, dateAndTime);
                break;
            default:
                // UNTERMINATED_STRING: already reported with the other lexical errors.
                return new ErrorExpression(span);
        }
        errors.ReportOnce(DiagnosticCodes.InvalidLiteral, span, error);
        return new ErrorExpression(span);
    }

    // The repeat count of an array initial value, n(...).
    Expression IntegerToken(IToken? token, ParserRuleContext parent)
    {
        if (token is null || token.TokenIndex < 0)
            return Error(parent.Start);
        string text = token.Text ?? "";
        if (LiteralDecoder.TryDecodeInteger(text, out ulong value, out string? error))
            return new IntegerLiteral(At(token), value, text);
        errors.ReportOnce(DiagnosticCodes.InvalidLiteral, At(token), error);
        return new ErrorExpression(At(token));
    }

    int BitNumber(IToken? token)
    {
        if (token is null || token.TokenIndex < 0)
            return 0;
        if (LiteralDecoder.TryDecodeInteger(token.Text ?? "", out ulong value, out string? error) && value <= int.MaxValue)
            return (int)value;
        errors.ReportOnce(DiagnosticCodes.InvalidLiteral, At(token), error ?? $"bit number {token.Text} is too large");
        return 0;
    }

    // -----------------------------------------------------------------------------------------------------------
    // Names, positions

    /// <summary>The identifier as written, or <see cref="MissingName"/> when the parser found none.</summary>
    Identifier Name(P.IdentifierContext? context, ParserRuleContext parent)
    {
        IToken? token = context is null ? null : FirstRealToken(context);
        if (token is null)
            return Missing(context ?? parent);
        return new Identifier(At(token), token.Text);
    }

    Identifier Missing(ParserRuleContext at) => new(At(at.Start), MissingName);

    ErrorExpression Error(ParserRuleContext at) => new(At(at.Start));

    ErrorExpression Error(IToken? token) => new(At(token));

    SourceSpan At(ParserRuleContext context) => At(context.Start);

    SourceSpan At(IToken? token) => token is null
        ? new SourceSpan(path, 1, 1)
        : new SourceSpan(path, token.Line < 1 ? 1 : token.Line, token.Column + 1);

    // The first token matched for real (not conjured by error recovery, not a token it skipped).
    static IToken? FirstRealToken(ParserRuleContext context)
    {
        for (int i = 0; i < context.ChildCount; i++)
            if (context.GetChild(i) is ITerminalNode node && node is not IErrorNode && node.Symbol.TokenIndex >= 0)
                return node.Symbol;
        return null;
    }

    // A token the error recovery invented (missing) or skipped (extra): not part of what was written.
    static bool IsConjured(ITerminalNode node) => node is IErrorNode || node.Symbol.TokenIndex < 0;

    // Whether an optional token was really written (the recovery never invents optional tokens, but the tokens it
    // skips are kept in the tree too).
    static bool Present(ITerminalNode? node) => node is not null && !IsConjured(node);

    /// <summary>
    /// The first child of type <typeparamref name="TChild"/> after the first token of the given type, written or
    /// inserted by the recovery (<c>missing 'TO'</c>), but not one the recovery skipped.
    /// </summary>
    static TChild? After<TChild>(ParserRuleContext context, int tokenType) where TChild : class, IParseTree
    {
        bool seen = false;
        for (int i = 0; i < context.ChildCount; i++)
        {
            IParseTree child = context.GetChild(i);
            if (!seen)
                seen = child is ITerminalNode terminal && terminal.Symbol.Type == tokenType
                    && !(terminal is IErrorNode && terminal.Symbol.TokenIndex >= 0);
            else if (child is TChild wanted)
                return wanted;
        }
        return null;
    }
}
