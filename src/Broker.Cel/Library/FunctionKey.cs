namespace Broker.Cel.Library;

/// <summary>How a function is called: its name, global or receiver style, and argument count
/// (without the receiver).</summary>
internal readonly record struct FunctionKey(string Name, bool Receiver, int Arity);
