using System.Net;
using System.Text;
using FinInfra.Infrastructure.Configuration;
using FinInfra.Integration.Tests.Infrastructure;
using static FinInfra.Integration.Tests.Infrastructure.ApiFactoryClients;

namespace FinInfra.Integration.Tests.Api;

/// <summary>Unreadable bodies are answered per field, in the client's words, without naming a .NET type.</summary>
public sealed class BindingErrorTests
{
    public static IEnumerable<object[]> Cases =>
        from provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres }
        from c in new (string Body, string Field)[]
        {
            ("""{"name":"Trip","targetAmount":"abc","targetDate":"2030-01-01","priority":"low"}""", "targetAmount"),
            ("""{"name":"Trip","targetAmount":5,"targetDate":"2030-13-01","priority":"low"}""", "targetDate"),
            ("""{"name":"Trip","targetAmount":5,"targetDate":"2030-01-01","priority":"urgent"}""", "priority"),
            ("""{"name":null,"targetAmount":5,"targetDate":"2030-01-01","priority":"low"}""", "name"),
            ("""{"name":"Trip"}""", "body"),
            ("""{"name":""", "name"),
            ("[]", "body"),
            ("", "body"),
        }
        select new object[] { provider, c.Body, c.Field };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_goal_body_is_a_400_keyed_by_the_client_field(DatabaseProvider provider, string body, string field)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var user = await api.CreateUserAsync();

        var response = await user.Client.PostAsync("/api/v1/goals", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        var text = problem.GetRawText();
        Assert.DoesNotContain("FinInfra.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.Empty((await user.GetJsonAsync("/api/v1/goals")).GetProperty("items").EnumerateArray());
    }
}
