using System.Text;

namespace Broker.LocalKcp.Security;

/// <summary>One line of a users file: a bearer token and the identity it stands for.</summary>
public sealed record UserEntry(string Token, string Name, string Uid, IReadOnlyList<string> Groups);

/// <summary>
/// kube-apiserver's --token-auth-file format: <c>token,user,uid,"group1,group2"</c> per line (groups optional,
/// quoted when there are several); blank lines and lines starting with # are ignored.
/// </summary>
public static class UsersFile
{
    public static IReadOnlyList<UserEntry> Parse(string text)
    {
        var entries = new List<UserEntry>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = SplitCsv(line, number);
            if (fields.Count < 3 || fields[0].Length == 0 || fields[1].Length == 0)
            {
                throw new FormatException($"users file line {number}: expected token,user,uid[,\"groups\"]");
            }

            var groups = fields.Count > 3 ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            entries.Add(new UserEntry(fields[0], fields[1], fields[2], groups));
        }

        return entries;
    }

    public static string Render(IEnumerable<UserEntry> entries)
    {
        var text = new StringBuilder("# token,user,uid,\"groups\" (kube-apiserver --token-auth-file format); read at start\n");
        foreach (var entry in entries)
        {
            text.Append(entry.Token).Append(',').Append(entry.Name).Append(',').Append(entry.Uid);
            if (entry.Groups.Count > 0)
            {
                text.Append(",\"").Append(string.Join(',', entry.Groups)).Append('"');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static List<string> SplitCsv(string line, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException($"users file line {number}: unterminated quote");
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }
}
