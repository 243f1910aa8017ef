using LbAcme.Core.Store;
using LbAcme.Functions.Functions;
using LbAcme.Renewal.Engine;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Operator.Status;

/// <summary>Store mode's configuration, keyed exactly as the function app reads it (sections Fleet, Engine, Store, and RenewalSchedule).</summary>
public static class StoreConfiguration
{
    public static IConfiguration? Build(StoreArguments arguments, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        problem = null;
        var builder = new ConfigurationBuilder();
        if (arguments.ConfigFile is { } file)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                problem = $"--config: {path} does not exist";
                return null;
            }
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        var store = RenewalServiceCollectionExtensions.StoreSectionName;
        var engine = RenewalEngineOptions.SectionName;
        var flags = new Dictionary<string, string?>
        {
            [$"{store}:{nameof(StoreOptions.ConnectionString)}"] = arguments.ConnectionString,
            [$"{store}:{nameof(StoreOptions.ServiceUri)}"] = arguments.AccountUrl?.ToString(),
            [$"{store}:{nameof(StoreOptions.Container)}"] = arguments.Container,
            [$"{engine}:{nameof(RenewalEngineOptions.CertificateStore)}"] = arguments.CertificateStore,
            [$"{engine}:{nameof(RenewalEngineOptions.CertificateContainer)}"] = arguments.CertificateContainer,
            [$"{engine}:{nameof(RenewalEngineOptions.KeyVaultUri)}"] = arguments.KeyVaultUrl?.ToString(),
            [FunctionNames.ScheduleSetting] = arguments.Schedule,
        };
        builder.AddInMemoryCollection(flags.Where(f => !string.IsNullOrEmpty(f.Value)));
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException e)
        {
            // The JSON provider's message names the file and the line, not the content.
            problem = $"--config: {e.Message}";
            return null;
        }
    }
}
