using Broker.Core.Api.V1Alpha1;

namespace Broker.Controllers.Placement;

/// <summary>
/// When an AcceptAPI of the provider an object is on can keep its copy. A copy cannot change its export (that is its
/// staging workspace) or its resource in place, so an AcceptAPI that needs either (another export, a translation to
/// another kind, a translation added or dropped) moves the object, new copy first. A translation to another version of
/// the same resource reaches the same stored object: the copy stays and is re-rendered.
/// </summary>
public static class CopyIdentity
{
    public static bool NeedsNewCopy(ProviderReference current, string apiExportName, TranslationTarget? translatedTo) =>
        apiExportName != current.ApiExportName
        || (translatedTo, current.TranslatedTo) switch
        {
            (null, null) => false,
            ({ } to, { } from) => to.Group != from.Group || to.Resource != from.Resource,
            _ => true,
        };
}
