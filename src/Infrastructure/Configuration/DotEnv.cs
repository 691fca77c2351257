namespace FinInfra.Infrastructure.Configuration;

/// <summary>
/// Reads a <c>.env</c> file (KEY=value lines, # comments, optional quotes, optional <c>export</c>) into the
/// process environment. Variables already set win, as in the original template.
/// </summary>
public static class DotEnv
{
    public static int Load(string path)
    {
        if (!File.Exists(path)) return 0;
        var loaded = 0;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line[7..].TrimStart();
            var equals = line.IndexOf('=');
            if (equals <= 0) continue;
            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\''))
                value = value[1..^1];
            else if (value.IndexOf(" #", StringComparison.Ordinal) is var comment and >= 0)
                value = value[..comment].TrimEnd();
            if (Environment.GetEnvironmentVariable(key) is not null) continue;
            Environment.SetEnvironmentVariable(key, value);
            loaded++;
        }
        return loaded;
    }
}
