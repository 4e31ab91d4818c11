using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Broker.Json;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Json;

namespace Broker.LocalKcp.Apis;

/// <summary>APIResourceSchema: the name must be &lt;prefix&gt;.&lt;plural&gt;.&lt;group|core&gt; and the spec is immutable.</summary>
internal sealed partial class ApiResourceSchemaAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Resource.Plural != "apiresourceschemas" || request.Resource.Group != KcpGroups.Apis)
        {
            return;
        }

        var name = ObjectMeta.Name(request.Object);
        if (request.Operation == AdmissionOperation.Create)
        {
            var spec = request.Object["spec"] as JsonObject;
            var group = ObjectMeta.GetString(spec, "group") ?? "";
            var suffix = $".{ObjectMeta.GetString(spec, "names", "plural")}.{(group.Length == 0 ? "core" : group)}";
            if (!name.EndsWith(suffix, StringComparison.Ordinal) || !PrefixRegex().IsMatch(name[..^suffix.Length]))
            {
                throw StatusException.Invalid("APIResourceSchema", name, KcpGroups.Apis,
                    [new("FieldValueInvalid", $"Invalid value: \"{name}\": must be of the format <prefix>{suffix} with prefix matching ^[a-z]([-a-z0-9]*[a-z0-9])?$", "metadata.name")]);
            }
        }

        if (request.Operation == AdmissionOperation.Update && !JsonEquality.DeepEquals(request.Object["spec"], request.Old?["spec"]))
        {
            throw StatusException.Invalid("APIResourceSchema", name, KcpGroups.Apis,
                [new("FieldValueInvalid", "Invalid value: \"object\": is immutable", "spec")]);
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PrefixRegex();
}
