// Lexer for IEC 61131-3 (3rd edition) Structured Text, with the habits of CODESYS.
// Regenerate the C# code with tools/generate-parser.sh; tools/check-parser.sh verifies it is up to date.
//
// Conventions:
// - Keywords are case-insensitive (caseInsensitive option). Elementary type names (INT, BOOL, TIME, ...) are not
//   keywords: they lex as IDENTIFIER and the parser treats them as names.
// - Whitespace is skipped, comments go to the HIDDEN channel, pragmas { ... } to the PRAGMAS channel, so the facade
//   (Syntax/Parser.cs) can collect them.
// - Literals are lexed permissively (e.g. any letters as duration units); Syntax/LiteralDecoder.cs validates them
//   and reports PLC0003 with a readable message.
// - A character that starts no token becomes ERROR_CHAR on the HIDDEN channel and is reported as PLC0002, so the
//   parser never sees it.

lexer grammar StructuredTextLexer;

options {
    caseInsensitive = true;
    superClass = StructuredTextLexerBase;
}

channels { PRAGMAS }

// Set by StructuredTextLexerBase.ReadBlockComment only.
tokens { UNTERMINATED_COMMENT }

// ---------------------------------------------------------------------------------------------------------------
// Whitespace, comments, pragmas

WHITESPACE : [ \t\r\n\f\u000B]+ -> skip ;

LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN) ;

// (* ... *) (nestable) and /* ... */: the opening is matched here, the rest of the comment is read by
// StructuredTextLexerBase.ReadBlockComment, which sets the channel (HIDDEN) and, when the comment is not closed
// before the end of the file, the type UNTERMINATED_COMMENT.
BLOCK_COMMENT : ( '(*' | '/*' ) { ReadBlockComment(); } ;

PRAGMA : '{' ~[}]* '}' -> channel(PRAGMAS) ;
UNTERMINATED_PRAGMA : '{' ~[}]* -> channel(PRAGMAS) ;

// ---------------------------------------------------------------------------------------------------------------
// Keywords

PROGRAM : 'PROGRAM' ;
END_PROGRAM : 'END_PROGRAM' ;
FUNCTION_BLOCK : 'FUNCTION_BLOCK' ;
END_FUNCTION_BLOCK : 'END_FUNCTION_BLOCK' ;

// Object orientation (IEC 61131-3 3rd edition, as CODESYS and TwinCAT write it). GET, SET, EXTENDS, IMPLEMENTS and
// the modifiers are keywords only where they stand in a declaration; the parser lets them be names elsewhere.
METHOD : 'METHOD' ;
END_METHOD : 'END_METHOD' ;
PROPERTY : 'PROPERTY' ;
END_PROPERTY : 'END_PROPERTY' ;
GET : 'GET' ;
END_GET : 'END_GET' ;
SET : 'SET' ;
END_SET : 'END_SET' ;
ACTION : 'ACTION' ;
END_ACTION : 'END_ACTION' ;
INTERFACE : 'INTERFACE' ;
END_INTERFACE : 'END_INTERFACE' ;
EXTENDS : 'EXTENDS' ;
IMPLEMENTS : 'IMPLEMENTS' ;
PUBLIC : 'PUBLIC' ;
PRIVATE : 'PRIVATE' ;
PROTECTED : 'PROTECTED' ;
INTERNAL : 'INTERNAL' ;
ABSTRACT : 'ABSTRACT' ;
FINAL : 'FINAL' ;
OVERRIDE : 'OVERRIDE' ;
FUNCTION : 'FUNCTION' ;
END_FUNCTION : 'END_FUNCTION' ;

VAR : 'VAR' ;
VAR_INPUT : 'VAR_INPUT' ;
VAR_OUTPUT : 'VAR_OUTPUT' ;
VAR_IN_OUT : 'VAR_IN_OUT' ;
VAR_TEMP : 'VAR_TEMP' ;
VAR_GLOBAL : 'VAR_GLOBAL' ;
VAR_EXTERNAL : 'VAR_EXTERNAL' ;
VAR_STAT : 'VAR_STAT' ;
VAR_INST : 'VAR_INST' ;
END_VAR : 'END_VAR' ;
CONSTANT : 'CONSTANT' ;
RETAIN : 'RETAIN' ;
NON_RETAIN : 'NON_RETAIN' ;
PERSISTENT : 'PERSISTENT' ;
AT : 'AT' ;

TYPE : 'TYPE' ;
END_TYPE : 'END_TYPE' ;
STRUCT : 'STRUCT' ;
END_STRUCT : 'END_STRUCT' ;
UNION : 'UNION' ;
END_UNION : 'END_UNION' ;
ARRAY : 'ARRAY' ;
OF : 'OF' ;
STRING : 'STRING' ;
WSTRING : 'WSTRING' ;
REF_TO : 'REF_TO' ;
POINTER : 'POINTER' ;
REFERENCE : 'REFERENCE' ;

IF : 'IF' ;
THEN : 'THEN' ;
ELSIF : 'ELSIF' ;
ELSE : 'ELSE' ;
END_IF : 'END_IF' ;
CASE : 'CASE' ;
END_CASE : 'END_CASE' ;
FOR : 'FOR' ;
TO : 'TO' ;
BY : 'BY' ;
DO : 'DO' ;
END_FOR : 'END_FOR' ;
WHILE : 'WHILE' ;
END_WHILE : 'END_WHILE' ;
REPEAT : 'REPEAT' ;
UNTIL : 'UNTIL' ;
END_REPEAT : 'END_REPEAT' ;
EXIT : 'EXIT' ;
CONTINUE : 'CONTINUE' ;
RETURN : 'RETURN' ;
JMP : 'JMP' ;

NOT : 'NOT' ;
AND : 'AND' ;
OR : 'OR' ;
// CODESYS's short-circuit operators: the right operand is evaluated only when the left one does not decide.
AND_THEN : 'AND_THEN' ;
OR_ELSE : 'OR_ELSE' ;
XOR : 'XOR' ;
MOD : 'MOD' ;
TRUE : 'TRUE' ;
FALSE : 'FALSE' ;
NULL : 'NULL' ;

CONFIGURATION : 'CONFIGURATION' ;
END_CONFIGURATION : 'END_CONFIGURATION' ;
RESOURCE : 'RESOURCE' ;
END_RESOURCE : 'END_RESOURCE' ;
ON : 'ON' ;
TASK : 'TASK' ;
WITH : 'WITH' ;

// ---------------------------------------------------------------------------------------------------------------
// Literals with a type prefix that cannot be split into ordinary tokens. They are longer than the identifier
// prefix alone (T, D, TOD ...), so a plain name such as T still lexes as IDENTIFIER.

// T#1d2h3m4s5ms, TIME#-1.5s, LTIME#5ns: sign, then parts of digits (with optional fraction) and unit letters.
DURATION_LITERAL : ( 'T' | 'TIME' | 'LT' | 'LTIME' ) '#' [+-]? DURATION_PART ( '_'? DURATION_PART )* ;

// D#2024-01-15
DATE_LITERAL : ( 'D' | 'DATE' | 'LD' | 'LDATE' ) '#' DIGITS ( '-' DIGITS )* ;

// TOD#12:30:15.25
TIME_OF_DAY_LITERAL : ( 'TOD' | 'TIME_OF_DAY' | 'LTOD' | 'LTIME_OF_DAY' ) '#' DIGITS ( ':' DIGITS )* ( '.' DIGITS )? ;

// DT#2024-01-15-12:30:00.5
DATE_AND_TIME_LITERAL
    : ( 'DT' | 'DATE_AND_TIME' | 'LDT' | 'LDATE_AND_TIME' ) '#' DIGITS ( '-' DIGITS )* ( ':' DIGITS )* ( '.' DIGITS )?
    ;

// ---------------------------------------------------------------------------------------------------------------
// Numbers. A range 1..10 lexes as INTEGER '..' INTEGER because a real needs a digit after its dot.

INTEGER : DIGITS | DIGITS '#' [0-9a-z_]+ ;

REAL_NUMBER : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT ;

// ---------------------------------------------------------------------------------------------------------------
// Strings: '...' is a STRING, "..." a WSTRING; '$' escapes the next character (validated by the decoder).
// A string not closed on its line lexes as UNTERMINATED_STRING (reported as an invalid literal).

STRING_LITERAL : '\'' ( ~['$\r\n] | '$' ~[\r\n] )* '\'' ;
WSTRING_LITERAL : '"' ( ~["$\r\n] | '$' ~[\r\n] )* '"' ;
UNTERMINATED_STRING : '\'' ( ~['$\r\n] | '$' ~[\r\n] )* '$'? | '"' ( ~["$\r\n] | '$' ~[\r\n] )* '$'? ;

// ---------------------------------------------------------------------------------------------------------------
// Direct addresses: %IX0.0, %QW3, %MD10, %I0.0; %I* and %Q* are CODESYS incomplete addresses.

DIRECT_ADDRESS : '%' [IQM] ( [XBWDL]? [0-9]+ ( '.' [0-9]+ )* | [XBWDL]? '*' ) ;

// ---------------------------------------------------------------------------------------------------------------
// Operators and punctuation

ASSIGN : ':=' ;
REF_ASSIGN : 'REF=' ;
OUTPUT_ASSIGN : '=>' ;
DOTDOT : '..' ;
LESS_EQUAL : '<=' ;
GREATER_EQUAL : '>=' ;
NOT_EQUAL : '<>' ;
POWER : '**' ;
EQUAL : '=' ;
LESS : '<' ;
GREATER : '>' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
AMPERSAND : '&' ;
CARET : '^' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
COMMA : ',' ;
SEMICOLON : ';' ;
COLON : ':' ;
DOT : '.' ;
HASH : '#' ;

IDENTIFIER : [a-z_] [a-z0-9_]* ;

// Any other character: reported as PLC0002 by the facade, invisible to the parser.
ERROR_CHAR : . -> channel(HIDDEN) ;

// ---------------------------------------------------------------------------------------------------------------

fragment DIGITS : [0-9] [0-9_]* ;
fragment EXPONENT : 'E' [+-]? DIGITS ;
fragment DURATION_PART : DIGITS ( '.' DIGITS )? [a-z]* ;
