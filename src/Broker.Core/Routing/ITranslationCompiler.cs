using System.Text.Json.Nodes;
using Broker.Core.Api.V1Alpha1;

namespace Broker.Core.Routing;

/// <summary>
/// Compiles an AcceptAPI's <c>spec.translation</c>. The router is pure and knows no template language; the host plugs
/// one in (the <c>${...}</c> CEL templates, in Broker.Controllers).
/// </summary>
public interface ITranslationCompiler
{
    /// <summary>The compiled translation, or null with every problem added to <paramref name="problems"/> as
    /// <c>spec.translation.FIELD: reason</c>.</summary>
    ICompiledTranslation? Compile(Translation translation, ICollection<string> problems);
}

/// <summary>A compiled translation; immutable and thread-safe.</summary>
public interface ICompiledTranslation
{
    /// <summary>The provider's resource the copy is of.</summary>
    TranslationTarget Target { get; }

    /// <summary>The provider object for <paramref name="consumer"/>: the target's apiVersion and kind, the consumer's
    /// name and namespace, labels, annotations, spec and other fields from <c>toProvider</c>.</summary>
    /// <exception cref="TranslationException">An expression failed (e.g. a field the consumer object lacks).</exception>
    JsonObject ToProvider(JsonObject consumer);

    /// <summary>The consumer's status for <paramref name="provider"/>, from <c>fromProvider</c>; null while the provider
    /// has written no status. A field whose expression reads a key that is not there yet is left out.</summary>
    /// <exception cref="TranslationException">An expression failed for another reason.</exception>
    JsonObject? FromProvider(JsonObject provider);
}

/// <summary>A translation could not be applied to an object; the message is one line naming the field and expression.</summary>
public sealed class TranslationException : Exception
{
    public TranslationException()
        : base("the translation failed")
    {
    }

    public TranslationException(string message)
        : base(message)
    {
    }

    public TranslationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
