namespace Broker.Benchmarks.Durability;

/// <summary>One minute of the soak: the broker's memory (MiB; the heap right after a full collection; the working set's
/// anonymous part, heap and native allocations, and its file-backed part, the mapped code it has touched) and progress.</summary>
internal sealed record SoakSample(int Minute, double WorkingSet, double Heap, double Anonymous, double FileBacked, double Moves, double Retries, int Watches, int Migrations);
