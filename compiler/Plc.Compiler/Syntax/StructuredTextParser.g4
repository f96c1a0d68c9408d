// Parser for IEC 61131-3 (3rd edition) Structured Text, with the habits of CODESYS.
// Regenerate the C# code with tools/generate-parser.sh; tools/check-parser.sh verifies it is up to date.
//
// The parse tree is turned into the compiler's own AST by Syntax/SyntaxTreeBuilder.cs; nothing outside
// Syntax/ sees these rules. Where the grammar is more permissive than the language (e.g. any expression on the
// left of ':=', a top-level VAR block), the builder or the binder reports the problem with a clearer message.

parser grammar StructuredTextParser;

options {
    tokenVocab = StructuredTextLexer;
    superClass = StructuredTextParserBase;
}

compilationUnit
    : declaration* EOF
    ;

declaration
    : programDeclaration
    | functionBlockDeclaration
    | functionDeclaration
    | interfaceDeclaration
    | actionDeclaration
    | typeDeclaration
    | globalVarDeclaration
    | configurationDeclaration
    ;

// ---------------------------------------------------------------------------------------------------------------
// Program organisation units

programDeclaration
    : PROGRAM identifier varBlock* blockBody END_PROGRAM
    ;

functionBlockDeclaration
    : FUNCTION_BLOCK modifier* identifier ( EXTENDS identifier )? ( IMPLEMENTS identifier ( COMMA identifier )* )?
      varBlock* blockBody END_FUNCTION_BLOCK
    ;

// The statements of a program or function block with its methods, properties and actions, which may stand before,
// after or between them. One loop, decided by the first token, so that an error inside a method is recovered
// within that method instead of losing the block's other members.
blockBody
    : ( statement | jumpLabel | pouMember )*
    ;

modifier
    : PUBLIC | PRIVATE | PROTECTED | INTERNAL | ABSTRACT | FINAL | OVERRIDE
    ;

pouMember
    : methodDeclaration
    | propertyDeclaration
    | actionDeclaration
    ;

methodDeclaration
    : METHOD modifier* identifier ( COLON typeSpec )? SEMICOLON? varBlock* statementList END_METHOD SEMICOLON?
    ;

propertyDeclaration
    : PROPERTY modifier* identifier COLON typeSpec SEMICOLON? varBlock* propertyAccessor* END_PROPERTY SEMICOLON?
    ;

propertyAccessor
    : kind=GET varBlock* statementList END_GET SEMICOLON?
    | kind=SET varBlock* statementList END_SET SEMICOLON?
    ;

// Inside a POU, or at the top level right after the POU it belongs to (CODESYS 2.3 exports).
actionDeclaration
    : ACTION identifier COLON? statementList END_ACTION SEMICOLON?
    ;

// Methods and properties of an interface are declarations only (their bodies must be empty).
interfaceDeclaration
    : INTERFACE identifier ( EXTENDS identifier ( COMMA identifier )* )? ( methodDeclaration | propertyDeclaration )* END_INTERFACE
    ;

functionDeclaration
    : FUNCTION identifier ( COLON typeSpec )? varBlock* statementList END_FUNCTION
    ;

// A VAR_GLOBAL block at the top level (CODESYS global variable list); other kinds are reported by the builder.
globalVarDeclaration
    : varBlock
    ;

// ---------------------------------------------------------------------------------------------------------------
// Variables

varBlock
    : varKind varQualifier* varDeclaration* END_VAR SEMICOLON?
    ;

varKind
    : VAR | VAR_INPUT | VAR_OUTPUT | VAR_IN_OUT | VAR_TEMP | VAR_GLOBAL | VAR_EXTERNAL | VAR_STAT | VAR_INST
    ;

varQualifier
    : CONSTANT | RETAIN | NON_RETAIN | PERSISTENT
    ;

varDeclaration
    : identifier ( COMMA identifier )* ( AT DIRECT_ADDRESS )? COLON typeSpec ( ( ASSIGN | REF_ASSIGN ) initializer )? SEMICOLON
    ;

// ---------------------------------------------------------------------------------------------------------------
// Types

typeDeclaration
    : TYPE typeDefinition+ END_TYPE SEMICOLON?
    ;

// The ';' after END_STRUCT and END_UNION is optional, as in CODESYS.
// A STRUCT may EXTEND another (CODESYS): TYPE Sub EXTENDS Base : STRUCT ... END_STRUCT END_TYPE.
typeDefinition
    : identifier ( EXTENDS base=identifier )? COLON ( structType ( ASSIGN initializer )? SEMICOLON? | unionType ( ASSIGN initializer )? SEMICOLON?
                       | typeSpec ( ASSIGN initializer )? SEMICOLON )
    ;

structType
    : STRUCT varDeclaration* END_STRUCT
    ;

// CODESYS UNION: every member at offset 0.
unionType
    : UNION varDeclaration* END_UNION
    ;

typeSpec
    : ARRAY LBRACKET arrayRange ( COMMA arrayRange )* RBRACKET OF typeSpec                   # arrayType
    | REF_TO typeSpec                                                                         # refType
    | POINTER TO typeSpec                                                                     # pointerType
    | REFERENCE TO typeSpec                                                                   # referenceType
    | kind=( STRING | WSTRING ) ( LPAREN expression RPAREN | LBRACKET expression RBRACKET )?  # stringType
    | enumValueList identifier?                                                               # enumType
    | identifier enumValueList                                                                # enumTypeWithBase
    | identifier LPAREN expression DOTDOT expression RPAREN                                   # subrangeType
    | identifier LPAREN argument ( COMMA argument )* RPAREN                                   # instanceWithArguments
    | identifier ( DOT identifier )*                                                          # namedType
    ;

// '*': a dimension whose bounds the argument brings (ARRAY[*] OF T, a VAR_IN_OUT of variable length).
arrayRange
    : expression DOTDOT expression
    | STAR
    ;

enumValueList
    : LPAREN enumValue ( COMMA enumValue )* RPAREN
    ;

enumValue
    : identifier ( ASSIGN expression )?
    ;

// ---------------------------------------------------------------------------------------------------------------
// Initial values

initializer
    : LBRACKET arrayInitElement ( COMMA arrayInitElement )* RBRACKET  # arrayInitializer
    | LPAREN structInitField ( COMMA structInitField )* RPAREN        # structInitializer
    | expression                                                      # expressionInitializer
    ;

// n(value) and n() repeat an element; the first alternative wins over a "call" of an integer literal.
arrayInitElement
    : INTEGER LPAREN initializer? RPAREN  # repeatedElement
    | initializer                         # singleElement
    ;

structInitField
    : identifier ASSIGN initializer
    ;

// ---------------------------------------------------------------------------------------------------------------
// Statements. The ';' after END_IF, END_CASE, END_FOR, END_WHILE and END_REPEAT is optional, as in CODESYS.

statementList
    : ( statement | jumpLabel )*
    ;

// A jump target (CODESYS): `name:` before the statements JMP name; jumps to. Not directly in a CASE branch (caseBody),
// where `name:` starts the next CASE label.
jumpLabel
    : identifier COLON
    ;

statement
    : expression ( ( ASSIGN | REF_ASSIGN ) expression )? SEMICOLON                                 # simpleStatement
    | IF expression THEN statementList elsifClause* ( ELSE statementList )? END_IF SEMICOLON?      # ifStatement
    | CASE expression OF caseClause* ( ELSE statementList )? END_CASE SEMICOLON?                   # caseStatement
    | FOR expression ASSIGN expression TO expression ( BY expression )? DO statementList END_FOR SEMICOLON?  # forStatement
    | WHILE expression DO statementList END_WHILE SEMICOLON?                                       # whileStatement
    | REPEAT statementList UNTIL expression END_REPEAT SEMICOLON?                                  # repeatStatement
    | EXIT SEMICOLON                                                                               # exitStatement
    | CONTINUE SEMICOLON                                                                           # continueStatement
    | RETURN SEMICOLON                                                                             # returnStatement
    | JMP identifier? SEMICOLON                                                                    # jumpStatement
    | SEMICOLON                                                                                    # emptyStatement
    ;

elsifClause
    : ELSIF expression THEN statementList
    ;

caseClause
    : caseLabel ( COMMA caseLabel )* COLON caseBody
    ;

// Its own rule, not statementList: only here can a statement be followed by something that starts like an
// expression (the next label), which needs a longer lookahead. Keeping it apart lets every other statement list
// decide on its first token (or, for `name:`, its first two), so a broken statement is reported where it is instead
// of ending the list. For the same reason a CASE branch has no jump labels: `name:` there is the next CASE label.
caseBody
    : statement*
    ;

caseLabel
    : expression ( DOTDOT expression )?
    ;

// ---------------------------------------------------------------------------------------------------------------
// Expressions, highest precedence first; every binary operator is left-associative.

expression
    : expression CARET                                                              # dereference
    | expression DOT identifier                                                     # memberAccess
    | expression DOT INTEGER                                                        # bitAccess
    | expression LBRACKET expression ( COMMA expression )* RBRACKET                 # index
    | expression LPAREN ( argument ( COMMA argument )* )? RPAREN                    # call
    | op=( MINUS | PLUS | NOT ) expression                                          # unary
    | expression op=POWER expression                                                # binary
    | expression op=( STAR | SLASH | MOD ) expression                               # binary
    | expression op=( PLUS | MINUS ) expression                                     # binary
    | expression op=( LESS | GREATER | LESS_EQUAL | GREATER_EQUAL ) expression      # binary
    | expression op=( EQUAL | NOT_EQUAL ) expression                                # binary
    | expression op=( AND | AMPERSAND | AND_THEN ) expression                       # binary
    | expression op=XOR expression                                                  # binary
    | expression op=( OR | OR_ELSE ) expression                                     # binary
    | literal                                                                        # literalAtom
    | typedLiteralType HASH sign=( MINUS | PLUS )? literal                           # typedLiteral
    | identifier HASH identifier                                                     # qualifiedEnumValue
    | identifier                                                                     # nameAtom
    | name=( AND | OR | XOR | MOD ) LPAREN argument ( COMMA argument )* RPAREN       # operatorCall
    | DIRECT_ADDRESS                                                                 # directAddressAtom
    | LPAREN expression ( ASSIGN value=expression )? RPAREN                          # parenthesized
    ;

literal
    : INTEGER
    | REAL_NUMBER
    | TRUE
    | FALSE
    | NULL
    | STRING_LITERAL
    | WSTRING_LITERAL
    | UNTERMINATED_STRING
    | DURATION_LITERAL
    | DATE_LITERAL
    | TIME_OF_DAY_LITERAL
    | DATE_AND_TIME_LITERAL
    ;

typedLiteralType
    : identifier | STRING | WSTRING
    ;

// name := value (input), [NOT] name => target (output; target may be left out), or a positional value.
argument
    : identifier ASSIGN expression             # inputArgument
    | NOT? identifier OUTPUT_ASSIGN expression? # outputArgument
    | expression                               # positionalArgument
    ;

// ---------------------------------------------------------------------------------------------------------------
// Configurations

configurationDeclaration
    : CONFIGURATION identifier configurationElement* END_CONFIGURATION
    ;

configurationElement
    : varBlock
    | resourceDeclaration
    | taskDeclaration
    | programInstance
    ;

resourceDeclaration
    : RESOURCE identifier ( ON identifier )? resourceElement* END_RESOURCE SEMICOLON?
    ;

resourceElement
    : varBlock
    | taskDeclaration
    | programInstance
    ;

taskDeclaration
    : TASK identifier LPAREN ( argument ( COMMA argument )* )? RPAREN SEMICOLON
    ;

programInstance
    : PROGRAM retain=( RETAIN | NON_RETAIN | PERSISTENT )? identifier ( WITH identifier )? COLON identifier
      ( LPAREN ( argument ( COMMA argument )* )? RPAREN )? SEMICOLON
    ;

// ---------------------------------------------------------------------------------------------------------------

// ON, TASK and WITH only have a meaning inside a configuration, POINTER and REFERENCE only before TO in a type,
// GET, SET, EXTENDS, IMPLEMENTS and the modifiers only in declarations; elsewhere they can be names (a setpoint
// called Reference, an input called Set).
identifier
    : IDENTIFIER | ON | TASK | WITH | POINTER | REFERENCE
    | GET | SET | EXTENDS | IMPLEMENTS | PUBLIC | PRIVATE | PROTECTED | INTERNAL | ABSTRACT | FINAL | OVERRIDE
    ;
