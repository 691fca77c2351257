using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FinInfra.Api;
using FinInfra.Application.BankSync;
using FinInfra.Domain.Accounts;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Api;
using FinInfra.Integration.Tests.BankSync;
using FinInfra.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.NetWorth;

/// <summary>
/// The API guide's two-currency household (docs/api.md, "Worked example: a two-currency household, step by step") read
/// from the guide itself and replayed: every command of its <c>household:steps</c> blocks runs on the block's date (curl
/// lines through the in-memory API, <c>db</c> lines through the command host), every printed answer
/// (<c># &lt;status&gt; &lt;json&gt;</c>) must match the service's (the fields shown; numbers by value), and every cell of the
/// table between <c>household-series:begin</c> and <c>end</c> must be what the series and the accounts' balances answer.
/// So the guide cannot drift from the service. The one thing the guide cannot show as a command is the bank: here a
/// scripted Plaid bank reports what the guide says it reports.
/// </summary>
public sealed class DocsHouseholdExampleTests
{
    private const string Section = "#### Worked example: a two-currency household, step by step";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_guides_two_currency_household_with_a_closed_account_answers_exactly_what_the_guide_prints(DatabaseProvider provider)
    {
        var guide = Guide.Read();
        Assert.Equal([new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 8)], guide.Steps.Select(s => s.Date));

        // The old bank, as the guide describes it: one EUR account at 1 000.00 with a direct debit of −200.00 on 03-01,
        // no longer listed from Thursday 03-05.
        var bank = new ScriptedBankProvider();
        bank.Accounts.Add(new ProviderAccount("old-current", "Old current account", AccountType.Depository, "checking", 1000m, "EUR"));
        bank.Pages[""] = ScriptedBankProvider.Page("c1", false,
            added: [new ProviderTransaction("dd-1", "old-current", -200m, new DateOnly(2026, 3, 1), "Direct debit", null, "Utilities", false, null)]);
        var bankOn = new Dictionary<DateOnly, Action> { [new DateOnly(2026, 3, 5)] = () => bank.Accounts.Clear() };

        await using var api = await ApiFactory.CreateAsync(provider, services: services => SyncHarness.UseProvider(services, bank));
        api.Clock.Set(TestClock.On("2026-03-02").GetUtcNow());
        var user = await api.CreateUserAsync();
        var shell = new Shell(api, user);
        foreach (var (date, commands) in guide.Steps)
        {
            // Noon of the block's day, as TestClock.On; a new day's token (the old one would have expired).
            api.Clock.Set(TestClock.On(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).GetUtcNow());
            user.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await api.LoginAsync(user.Email, user.Password));
            if (bankOn.TryGetValue(date, out var change)) change();
            foreach (var command in commands) await shell.RunAsync(command);
        }
        Assert.True(shell.AnswersChecked >= 15, $"only {shell.AnswersChecked} printed answers were checked: is the guide's section still read?");

        await AssertTableAsync(guide.Table, shell);
    }

    /// <summary>
    /// Each row is one day of <c>GET /net-worth/history</c> over the table's days: the totals, the card's converted owed
    /// amount (the USD part of that day's <c>byCurrency</c>), the rate named, and each account's own closing that day
    /// ("closed": the closed account has no row that day).
    /// </summary>
    private static async Task AssertTableAsync(Table table, Shell shell)
    {
        var days = table.Rows.Select(r => DateOnly.ParseExact(r["date"], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, days.Count).Select(i => days[0].AddDays(i)), days);
        var range = $"from={days[0]:yyyy-MM-dd}&to={days[^1]:yyyy-MM-dd}";
        var series = await shell.User.GetJsonAsync($"/api/v1/net-worth/history?{range}");
        var points = series.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(days.Count, points.Count);
        var rates = series.GetProperty("exchangeRates").EnumerateArray()
            .Select(r => (r.GetProperty("rateDate").GetString(), r.GetProperty("rate").GetDecimal())).ToList();

        var accounts = new Dictionary<string, string>
        {
            ["old current account (EUR)"] = "OLD", ["savings (EUR)"] = "SAVINGS", ["house (EUR)"] = "HOUSE", ["card (USD owed)"] = "CARD",
        };
        string[] columns = ["date", .. accounts.Keys, "USD→EUR", "card (EUR owed)", "totalAssets", "totalLiabilities", "netWorth"];
        Assert.Equal(columns, table.Columns);
        var closings = new Dictionary<string, Dictionary<string, decimal>>();
        foreach (var (column, variable) in accounts)
            closings[column] = (await shell.User.GetJsonAsync($"/api/v1/accounts/{shell.Variable(variable)}/balances?{range}")).EnumerateArray()
                .ToDictionary(d => d.GetProperty("date").GetString()!, d => d.GetProperty("closing").GetDecimal());

        for (var i = 0; i < days.Count; i++)
        {
            var (row, point, day) = (table.Rows[i], points[i], table.Rows[i]["date"]);
            Assert.Equal(day, point.GetProperty("date").GetString());
            foreach (var total in new[] { "totalAssets", "totalLiabilities", "netWorth" })
                Assert.True(Cell(row[total]) == point.GetProperty(total).GetDecimal(), $"{day} {total}: the guide says {row[total]}, the service {point.GetProperty(total)}");
            foreach (var column in accounts.Keys)
            {
                if (row[column] == "closed") Assert.False(closings[column].ContainsKey(day), $"{day}: {column} is closed in the guide but has a balance");
                else Assert.True(closings[column].TryGetValue(day, out var closing) && closing == Cell(row[column]),
                    $"{day} {column}: the guide says {row[column]}, the service {(closings[column].TryGetValue(day, out var c) ? c : "no row")}");
            }
            var usd = point.GetProperty("byCurrency").EnumerateArray().Single(c => c.GetProperty("currency").GetString() == "USD");
            var convertedNet = usd.GetProperty("convertedNet");
            if (row["card (EUR owed)"] == "left out")
            {
                Assert.Equal(JsonValueKind.Null, convertedNet.ValueKind);
                Assert.Contains(shell.Variable("CARD"), series.GetProperty("excludedAccountIds").EnumerateArray().Select(e => e.GetString()));
            }
            else Assert.True(convertedNet.ValueKind == JsonValueKind.Number && -convertedNet.GetDecimal() == Cell(row["card (EUR owed)"]),
                $"{day}: the card is {row["card (EUR owed)"]} in the guide; the service's USD convertedNet is {convertedNet.GetRawText()}");
            if (Regex.Match(row["USD→EUR"], @"^([0-9.]+) \((\d\d-\d\d)\)$") is { Success: true } rate)
                Assert.Contains(($"2026-{rate.Groups[2].Value}", decimal.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture)), rates);
            else Assert.StartsWith("none", row["USD→EUR"]);
        }
    }

    /// <summary>A table cell's figure: the number after the last "=" when it shows its arithmetic, spaces as thousands separators.</summary>
    private static decimal Cell(string text)
    {
        var figure = text[(text.LastIndexOf('=') + 1)..].Replace(" ", "").Replace("\u00a0", "").Replace("\u202f", "").Replace('−', '-');
        return decimal.Parse(figure, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    private sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows);

    private sealed record StepBlock(DateOnly Date, IReadOnlyList<Command> Commands);

    /// <summary>One command line (continuations joined) and the answer printed right under it, if any.</summary>
    private sealed record Command(string Line, string? Answer);

    /// <summary>The household section of docs/api.md: its step blocks (in order) and its series table.</summary>
    private sealed record Guide(IReadOnlyList<StepBlock> Steps, Table Table)
    {
        public static Guide Read()
        {
            var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "api.md")).Replace("\r\n", "\n");
            var start = text.IndexOf(Section + "\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"docs/api.md has no section '{Section}'");
            // Up to the next heading (## and deeper; a bash comment inside a block is a single #).
            var next = Regex.Match(text[(start + Section.Length)..], @"\n#{2,6} ");
            var section = text[start..(next.Success ? start + Section.Length + next.Index : text.Length)];

            var steps = Regex.Matches(section, @"<!-- household:steps (\d{4}-\d\d-\d\d) -->\n```bash\n(.*?)\n```", RegexOptions.Singleline)
                .Select(m => new StepBlock(DateOnly.ParseExact(m.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture), Commands(m.Groups[2].Value)))
                .ToList();
            var table = Regex.Match(section, @"<!-- household-series:begin -->\n(.*?)\n<!-- household-series:end -->", RegexOptions.Singleline);
            Assert.True(table.Success, "the household section has no household-series table");
            return new Guide(steps, ParseTable(table.Groups[1].Value));
        }

        private static Table ParseTable(string text)
        {
            static List<string> Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var columns = Cells(lines[0]);
            Assert.Matches(@"^\|( --- \|)+$", lines[1]);
            var rows = lines.Skip(2).Select(line =>
            {
                var cells = Cells(line);
                Assert.True(cells.Count == columns.Count, $"the row '{line}' has {cells.Count} cells, the header {columns.Count}");
                return (IReadOnlyDictionary<string, string>)columns.Zip(cells).ToDictionary(p => p.First, p => p.Second);
            }).ToList();
            return new Table(columns, rows);
        }

        /// <summary>
        /// Lines ending in "\" continue on the next. A comment right under a command is its answer ("# 200 {…}" for curl, the
        /// printed line for db), continued by comment lines indented past "# "; any other comment is prose.
        /// </summary>
        private static List<Command> Commands(string block)
        {
            var lines = new List<string>();
            foreach (var raw in block.Split('\n'))
            {
                if (lines.Count > 0 && lines[^1].EndsWith('\\')) lines[^1] = lines[^1][..^1].TrimEnd() + " " + raw.Trim();
                else lines.Add(raw);
            }
            var commands = new List<Command>();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                string? answer = null;
                var isDb = line.Contains(" -- db ", StringComparison.Ordinal);
                if (i + 1 < lines.Count && lines[i + 1].StartsWith("# ", StringComparison.Ordinal) && (isDb || Regex.IsMatch(lines[i + 1], @"^# \d{3}\b")))
                {
                    answer = lines[++i][2..];
                    while (i + 1 < lines.Count && lines[i + 1].StartsWith("#  ", StringComparison.Ordinal)) answer += " " + lines[++i][1..].Trim();
                }
                commands.Add(new Command(line, answer));
            }
            return commands;
        }

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FinInfra.sln"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("FinInfra.sln not found above the test binaries.");
        }
    }

    /// <summary>
    /// Just enough of a shell for the guide's lines: <c>[NAME=$(]curl -s [-X METHOD] URL [-H …] [-d BODY][ | jq -r FILTER)]</c>
    /// and <c>dotnet run --project src/Api -- db …</c>, with <c>$VARIABLES</c>, single and double quotes.
    /// </summary>
    private sealed class Shell(ApiFactory api, ApiUser user)
    {
        private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal)
        {
            // The client's base address is the API; the token is already on the client (and renewed each day).
            ["B"] = "", ["AUTH"] = "", ["PUBLIC_TOKEN"] = "public-token-from-plaid-link",
        };

        public ApiUser User => user;

        public int AnswersChecked { get; private set; }

        public string Variable(string name) => _variables.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"${name} was never set");

        public async Task RunAsync(Command command)
        {
            var line = command.Line;
            var capture = Regex.Match(line, @"^(\w+)=\$\((.*)\|\s*jq -r\s+('?)(\.[^']*)\3\)$");
            var words = Words(capture.Success ? capture.Groups[2].Value : line);
            if (words is ["dotnet", "run", "--project", "src/Api", "--", "db", .. var arguments])
            {
                Assert.False(capture.Success, line);
                var output = await DbAsync([.. arguments]);
                if (command.Answer is { } printed)
                {
                    Assert.Equal(printed, output.Trim());
                    AnswersChecked++;
                }
                return;
            }
            Assert.True(words.Count > 0 && words[0] == "curl", $"the guide's step '{line}' is neither curl nor db");

            var (method, url, body) = ("GET", (string?)null, (string?)null);
            for (var i = 1; i < words.Count; i++)
            {
                switch (words[i])
                {
                    case "-s": break;
                    case "-X": method = words[++i]; break;
                    case "-H": i++; break;
                    case "-d": body = words[++i]; break;
                    default:
                        Assert.True(url is null && words[i].StartsWith("/api/", StringComparison.Ordinal), $"'{words[i]}' in '{line}'");
                        url = words[i];
                        break;
                }
            }
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await user.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(status < 400, $"{method} {url}: {status} {text}");
            JsonElement? answer = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : null;

            if (command.Answer is { } expected)
            {
                var match = Regex.Match(expected, @"^(\d{3})(?: (.*))?$");
                Assert.True(match.Success, $"the printed answer of '{line}' is not '<status> <json>': {expected}");
                Assert.True(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) == status, $"{method} {url}: the guide prints {match.Groups[1].Value}, the service answered {status}: {text}");
                if (match.Groups[2].Success)
                {
                    var printed = JsonDocument.Parse(Expand(match.Groups[2].Value)).RootElement;
                    Assert.True(answer is not null, $"{method} {url} answered no body");
                    AssertShown(printed, answer.Value, $"{method} {url}");
                }
                AnswersChecked++;
            }
            if (capture.Success)
            {
                Assert.True(answer is not null, $"{method} {url} answered no body to capture");
                _variables[capture.Groups[1].Value] = Select(answer.Value, capture.Groups[4].Value);
            }
        }

        private async Task<string> DbAsync(string[] arguments)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await DbCommandHost.RunAsync(arguments, output, error, builder =>
            {
                builder.Environment.EnvironmentName = Environments.Development;
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Default"] = api.Database.Settings.ConnectionString,
                    ["Database:Provider"] = api.Database.Settings.Provider.ToString(),
                    ["Encryption:Keys:k1"] = ApiFactory.EncryptionKey,
                });
            });
            Assert.True(exit == 0, $"db {string.Join(' ', arguments)}: {error}");
            return output.ToString();
        }

        /// <summary>A jq path of properties and indexes: <c>.id</c>, <c>.items[0].id</c>.</summary>
        private static string Select(JsonElement element, string filter)
        {
            foreach (Match step in Regex.Matches(filter, @"\.(\w+)|\[(\d+)\]"))
                element = step.Groups[1].Success ? element.GetProperty(step.Groups[1].Value) : element[int.Parse(step.Groups[2].Value, CultureInfo.InvariantCulture)];
            return element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        }

        /// <summary>Splits a line into words as a POSIX shell would for these lines: quotes group, $NAME expands outside single quotes.</summary>
        private List<string> Words(string line)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            var inWord = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (char.IsWhiteSpace(c))
                {
                    if (inWord) words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                    continue;
                }
                inWord = true;
                if (c == '\'')
                {
                    var end = line.IndexOf('\'', i + 1);
                    word.Append(line, i + 1, end - i - 1);
                    i = end;
                }
                else if (c == '"')
                {
                    var quoted = new StringBuilder();
                    for (i++; line[i] != '"'; i++)
                    {
                        if (line[i] == '\\' && line[i + 1] is '"' or '\\' or '$') i++;
                        quoted.Append(line[i]);
                    }
                    word.Append(Expand(quoted.ToString()));
                }
                else
                {
                    var start = i;
                    while (i + 1 < line.Length && !char.IsWhiteSpace(line[i + 1]) && line[i + 1] is not '\'' and not '"') i++;
                    word.Append(Expand(line[start..(i + 1)]));
                }
            }
            if (inWord) words.Add(word.ToString());
            return words;
        }

        private string Expand(string text) => Regex.Replace(text, @"\$(\w+)", m => Variable(m.Groups[1].Value));

        /// <summary>
        /// The guide shows a trimmed answer: every property it shows must be in the service's answer with the same value
        /// (numbers by value, so 6000 is 6000.0000; instants by instant); arrays are shown whole, element by element.
        /// </summary>
        private static void AssertShown(JsonElement shown, JsonElement actual, string path)
        {
            switch (shown.ValueKind)
            {
                case JsonValueKind.Object:
                    Assert.True(actual.ValueKind == JsonValueKind.Object, $"{path}: the guide shows an object, the service answered {actual.GetRawText()}");
                    foreach (var property in shown.EnumerateObject())
                    {
                        Assert.True(actual.TryGetProperty(property.Name, out var value), $"{path}: the service's answer has no '{property.Name}': {actual.GetRawText()}");
                        AssertShown(property.Value, value, $"{path}.{property.Name}");
                    }
                    break;
                case JsonValueKind.Array:
                    Assert.True(actual.ValueKind == JsonValueKind.Array && actual.GetArrayLength() == shown.GetArrayLength(),
                        $"{path}: the guide shows {shown.GetArrayLength()} items, the service answered {actual.GetRawText()}");
                    for (var i = 0; i < shown.GetArrayLength(); i++) AssertShown(shown[i], actual[i], $"{path}[{i}]");
                    break;
                case JsonValueKind.Number:
                    Assert.True(actual.ValueKind == JsonValueKind.Number && actual.GetDecimal() == shown.GetDecimal(), $"{path}: the guide shows {shown}, the service answered {actual.GetRawText()}");
                    break;
                case JsonValueKind.String when shown.GetString()!.Contains('T') && DateTimeOffset.TryParse(shown.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant):
                    Assert.True(actual.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(actual.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var answered) && answered == instant,
                        $"{path}: the guide shows {shown}, the service answered {actual.GetRawText()}");
                    break;
                default:
                    Assert.True(actual.ValueKind == shown.ValueKind && actual.GetRawText() == shown.GetRawText(), $"{path}: the guide shows {shown.GetRawText()}, the service answered {actual.GetRawText()}");
                    break;
            }
        }
    }
}
