using Broker.Core.Api.Example;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace KcpCerts.Issuer;

/// <summary>
/// The certificate API an issuer serves: the broker's generic Certificate (<c>spec.fqdn</c>; <c>status.status</c> and
/// <c>relatedResources.secret</c>), or the demo vendor's own VendorCertificate (<c>spec.commonName</c>;
/// <c>status.phase</c> Pending, Issued or Failed, and <c>status.secretName</c>), which the broker translates into.
/// </summary>
/// <param name="Resource">The resource the export serves.</param>
/// <param name="Kind">Its kind (owner of the Secrets the issuer writes).</param>
/// <param name="NameField">The spec field naming the host.</param>
/// <param name="VendorStatus">Whether the status is the vendor's (phase, secretName) rather than the provider contract's.</param>
public sealed record CertificateApi(GroupVersionResource Resource, string Kind, string NameField, bool VendorStatus)
{
    public static readonly CertificateApi Generic = new(IssuerResources.Certificates, Certificate.Kind, "fqdn", VendorStatus: false);

    public static readonly CertificateApi Vendor = new(new GroupVersionResource("vendor.example.com", "v1alpha1", "vendorcertificates"), "VendorCertificate", "commonName", VendorStatus: true);
}
