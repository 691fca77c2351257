using FinInfra.Application;
using FinInfra.Application.Common.Abstractions;
using FinInfra.Infrastructure;
using FinInfra.Infrastructure.Persistence.Cli;

namespace FinInfra.Api;

/// <summary>
/// Entry point of <c>dotnet run --project src/Api -- db &lt;command&gt;</c>: the same executable as the service, so one
/// image can migrate itself. A minimal host (configuration, .env already loaded, environment, the infrastructure
/// services) without a web server; no hosted service is started.
/// </summary>
public static class DbCommandHost
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <param name="configure">Lets tests add configuration or pick the environment before services are registered.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<HostApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || DatabaseCommandLine.IsHelp(args))
            return await DatabaseCommandLine.RunAsync(args, EmptyServices.Instance, output, error, cancellationToken);

        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = [],
                ContentRootPath = Directory.GetCurrentDirectory(),
                // The service reads ASPNETCORE_ENVIRONMENT; the db commands must agree with it on what "Development" is.
                EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"),
            });
            // Commands report through their own output; EF's logs would repeat every SQL statement.
            builder.Logging.ClearProviders();
            configure?.Invoke(builder);
            // The whole graph is checked whatever the environment (Host checks it only in Development, and the tests set
            // the environment after that decision): Infrastructure's services need Application's, so both are added.
            builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
            builder.Services.AddSingleton<ICurrentUser, NoCurrentUser>();
            builder.Services.AddApplication();
            builder.Services.AddInfrastructure(builder.Configuration, builder.Environment);
            using var host = builder.Build();
            foreach (var warning in host.Services.GetRequiredService<StartupNotes>().Warnings)
                error.WriteLine($"warning: {warning}");
            return await DatabaseCommandLine.RunAsync(args, host.Services, output, error, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            error.WriteLine($"error: {DatabaseCommandLine.Explain(exception)}");
            return DatabaseCommandLine.Failed;
        }
    }

    /// <summary>The db commands act for no user; they lift the owner filter explicitly.</summary>
    private sealed class NoCurrentUser : ICurrentUser
    {
        public Guid? UserId => null;
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
