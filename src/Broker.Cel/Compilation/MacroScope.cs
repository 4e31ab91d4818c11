namespace Broker.Cel.Compilation;

/// <summary>Macro variables visible at a point of the expression, innermost last, each with its
/// slot; a nested macro gets fresh slots so inner and outer loops never share one.</summary>
internal sealed class MacroScope
{
    private readonly List<(string Name, int Slot)> _visible = [];

    public int SlotCount { get; private set; }

    public bool TryResolve(string name, out int slot)
    {
        for (var i = _visible.Count - 1; i >= 0; i--)
        {
            if (_visible[i].Name == name)
            {
                slot = _visible[i].Slot;
                return true;
            }
        }
        slot = -1;
        return false;
    }

    public int Push(string name)
    {
        var slot = SlotCount++;
        _visible.Add((name, slot));
        return slot;
    }

    public void Pop(int count) => _visible.RemoveRange(_visible.Count - count, count);
}
