using FinInfra.Infrastructure.BackgroundWork;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FinInfra.Application.BankSync;
using FinInfra.Application.BankSync.SyncConnection;
using FinInfra.Infrastructure.BankProviders.Plaid;
using FinInfra.Infrastructure.BankProviders.Sandbox;
using FinInfra.Infrastructure.BankProviders.Teller;
using FinInfra.Infrastructure.BankSync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FinInfra.Infrastructure.BankProviders;

public static class BankProviderRegistration
{
    /// <summary>Whether the scripted sandbox provider is offered: <c>BankProviders:Sandbox:Enabled</c>, else on in Development only.</summary>
    public const string SandboxEnabledKey = "BankProviders:Sandbox:Enabled";

    /// <summary>
    /// The provider adapters (sandbox when <see cref="SandboxEnabledKey"/> allows it; Plaid and Teller when their
    /// sections are configured), the sync service with its per-connection lock, and the background scheduler when
    /// <c>BankSync:Scheduler:Enabled</c> is true.
    /// </summary>
    public static IServiceCollection AddBankProviders(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Anyone may connect the sandbox with a token of their choice: a production deployment offers it only when asked to.
        if (configuration.GetValue<bool?>(SandboxEnabledKey) ?? environment.IsDevelopment())
            services.AddSingleton<IBankProvider, SandboxBankProvider>();
        services.AddSingleton(configuration.GetSection(SyncLimits.Section).Get<SyncLimits>() ?? new SyncLimits());

        var plaidSection = configuration.GetSection(PlaidOptions.Section);
        services.Configure<PlaidOptions>(plaidSection);
        var plaid = plaidSection.Get<PlaidOptions>() ?? new PlaidOptions();
        if (plaid.IsConfigured)
        {
            services.AddHttpClient<PlaidBankProvider>(client =>
            {
                client.BaseAddress = BaseAddress(plaid.BaseUrl);
                client.Timeout = plaid.Timeout;
            }).ConfigurePrimaryHttpMessageHandler(ProviderHttp.Handler);
            services.AddTransient<IBankProvider>(sp => sp.GetRequiredService<PlaidBankProvider>());
        }

        var tellerSection = configuration.GetSection(TellerOptions.Section);
        services.Configure<TellerOptions>(tellerSection);
        var teller = tellerSection.Get<TellerOptions>() ?? new TellerOptions();
        if (teller.IsConfigured)
        {
            var certificate = TellerCertificate(teller);
            services.AddHttpClient<TellerBankProvider>(client =>
                {
                    client.BaseAddress = BaseAddress(teller.BaseUrl);
                    client.Timeout = teller.Timeout;
                })
                .ConfigurePrimaryHttpMessageHandler(() => TellerHandler(certificate));
            services.AddTransient<IBankProvider>(sp => sp.GetRequiredService<TellerBankProvider>());
        }

        services.AddScoped<IBankProviderRegistry, BankProviderRegistry>();
        services.AddScoped<IConnectionSyncLock, ConnectionSyncLock>();
        services.AddScoped<BankConnectionSynchronizer>();
        services.AddScoped<SyncClaims>();

        services.AddPeriodicWork<BankSyncScheduler, BankSyncSchedulerOptions>(configuration, BankSyncSchedulerOptions.Section);
        services.AddPeriodicWork<ProviderRevocationWorker, ProviderRevocationOptions>(configuration, ProviderRevocationOptions.Section);
        return services;
    }

    /// <summary>A trailing slash, so relative request paths append to the base path instead of replacing its last segment.</summary>
    private static Uri BaseAddress(string url) => new(url.EndsWith('/') ? url : url + "/");

    /// <summary>Loaded once at startup, so a wrong path or password stops the service with a clear message instead of failing requests.</summary>
    private static X509Certificate2? TellerCertificate(TellerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CertificatePath)) return null;
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException(
                $"The Teller client certificate at {TellerOptions.Section}:CertificatePath could not be loaded ({exception.GetType().Name}); check the file and its password.");
        }
    }

    /// <summary>Never follows a redirect (see <see cref="ProviderHttp.Handler"/>): it would re-send the access token elsewhere.</summary>
    private static HttpClientHandler TellerHandler(X509Certificate2? certificate)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false };
        if (certificate is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(certificate);
        }
        return handler;
    }
}
