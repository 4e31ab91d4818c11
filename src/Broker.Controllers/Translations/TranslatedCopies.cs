using System.Text.Json.Nodes;
using Broker.Core.Api.Meta;
using Broker.Core.Api.V1Alpha1;
using Broker.Core.Routing;
using Broker.Kcp.Models;

namespace Broker.Controllers.Translations;

/// <summary>
/// Where a translation plugs into the copy: which resource the copy in the staging workspace is (the provider's own when
/// its Placement records a translation, else the brokered one), what is written there, and the copy as the consumer
/// sees it (the provider's status mapped back by <c>fromProvider</c>).
/// </summary>
public static class TranslatedCopies
{
    /// <summary>The resource of the copy on <paramref name="provider"/>, recorded in the Placement so a copy can be found
    /// and deleted even after its AcceptAPI changed or went.</summary>
    public static GroupVersionResource Resource(GroupVersionResource brokered, ProviderReference provider) =>
        provider.TranslatedTo is { } target ? new GroupVersionResource(target.Group, target.Version, target.Resource, brokered.Namespaced) : brokered;

    /// <summary>The object to write at the provider: the consumer object itself, or its translation.</summary>
    /// <exception cref="TranslationException">The translation fails on this object, or the AcceptAPI no longer translates
    /// to the kind the copy was made as.</exception>
    public static JsonObject Desired(JsonObject consumer, ProviderReference provider, ICompiledTranslation? translation)
    {
        if (provider.TranslatedTo is null)
        {
            return consumer;
        }

        return translation is null
            ? throw new TranslationException($"AcceptAPI {provider.AcceptApi} no longer translates to {provider.TranslatedTo}: the copy there is kept as it is")
            : translation.ToProvider(consumer);
    }

    /// <summary>The copy as the consumer sees it: untranslated, the copy; translated, the copy with its status mapped
    /// back (no status while the provider wrote none, or while the translation is unknown: the consumer keeps its own).</summary>
    /// <exception cref="TranslationException">A <c>fromProvider</c> expression fails on the provider's status.</exception>
    public static JsonObject? AsConsumerSees(JsonObject? copy, ProviderReference provider, ICompiledTranslation? translation)
    {
        if (copy is null || provider.TranslatedTo is null)
        {
            return copy;
        }

        var view = new JsonObject();
        foreach (var (key, value) in copy)
        {
            if (key != "status")
            {
                view[key] = value?.DeepClone();
            }
        }

        if (translation?.FromProvider(copy) is { } status)
        {
            view["status"] = status;
        }

        return view;
    }
}
