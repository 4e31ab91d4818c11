namespace Broker.Cel.Parsing.Ast;

internal enum MacroKind
{
    All,
    Exists,
    ExistsOne,
    Map,
    Filter,
    TransformList,
    TransformMap,
    OptionalMap,
    OptionalFlatMap,
    Bind,
}
