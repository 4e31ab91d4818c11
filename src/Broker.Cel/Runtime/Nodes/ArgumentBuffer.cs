using System.Runtime.CompilerServices;

namespace Broker.Cel.Runtime.Nodes;

/// <summary>Stack storage for up to four call arguments, so calls do not allocate arrays.</summary>
[InlineArray(4)]
internal struct ArgumentBuffer
{
    private object? _element;
}
