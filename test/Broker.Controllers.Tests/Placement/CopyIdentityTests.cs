using Broker.Controllers.Placement;
using Broker.Core.Api.V1Alpha1;

namespace Broker.Controllers.Tests.Placement;

public sealed class CopyIdentityTests
{
    private static readonly TranslationTarget VendorCertificates = new() { Group = "vendor.example.com", Version = "v1alpha1", Resource = "vendorcertificates", Kind = "VendorCertificate" };

    private static readonly ProviderReference Translated = new()
    {
        Cluster = "vendor", AcceptApi = new NamespacedName { Namespace = "default", Name = "vendor-certificates" }, ApiExportName = "vendor-certificates", TranslatedTo = VendorCertificates,
    };

    private static readonly ProviderReference Plain = Translated with { TranslatedTo = null };

    [Test]
    public void TheSameExportAndKind_KeepsTheCopy()
    {
        CopyIdentity.NeedsNewCopy(Translated, "vendor-certificates", VendorCertificates).ShouldBeFalse();
        CopyIdentity.NeedsNewCopy(Plain, "vendor-certificates", null).ShouldBeFalse();
    }

    [Test]
    public void AnotherVersionOfTheSameResource_KeepsTheCopy_ItIsTheSameStoredObject() =>
        CopyIdentity.NeedsNewCopy(Translated, "vendor-certificates", VendorCertificates with { Version = "v1beta1" }).ShouldBeFalse();

    [Test]
    public void AnotherExport_AnotherResource_OrATranslationAddedOrDropped_NeedsANewCopy()
    {
        CopyIdentity.NeedsNewCopy(Translated, "vendor-certificates-v2", VendorCertificates).ShouldBeTrue();
        CopyIdentity.NeedsNewCopy(Translated, "vendor-certificates", VendorCertificates with { Resource = "vendorkeys", Kind = "VendorKey" }).ShouldBeTrue();
        CopyIdentity.NeedsNewCopy(Translated, "vendor-certificates", VendorCertificates with { Group = "vendor2.example.com" }).ShouldBeTrue();
        CopyIdentity.NeedsNewCopy(Translated, "vendor-certificates", null).ShouldBeTrue();
        CopyIdentity.NeedsNewCopy(Plain, "vendor-certificates", VendorCertificates).ShouldBeTrue();
    }
}
