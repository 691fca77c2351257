using System.Globalization;
using System.Xml;
using CsvHelper;
using CsvHelper.Configuration;
using FinInfra.Domain.Common;

namespace FinInfra.Infrastructure.ExchangeRates;

/// <summary>Which of the ECB's publications a file is, read from its content (never from its name).</summary>
public enum EcbFileFormat { Csv, Xml }

/// <summary>One day's reference rate: 1 EUR = <paramref name="Rate"/> <paramref name="Currency"/>.</summary>
public sealed record EcbRate(DateOnly Date, string Currency, decimal Rate);

/// <summary>A file that is not one of the ECB's reference-rate publications, with the line or element that says why.</summary>
public sealed class EcbRateFileException(string message) : Exception(message);

/// <summary>
/// Reads the European Central Bank's euro foreign exchange reference rates exactly as published at
/// https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/:
/// <list type="bullet">
/// <item>daily CSV (<c>eurofxref.csv</c> in eurofxref.zip): <c>Date, USD, JPY, …, </c> — ", " separators, a trailing
/// separator, dates as <c>25 January 2018</c>;</item>
/// <item>historical CSV (<c>eurofxref-hist.csv</c>): <c>Date,USD,…,</c>, ISO dates, <c>N/A</c> where a currency had no
/// rate that day (retired ones such as CYP, or not yet quoted);</item>
/// <item>daily and historical XML (<c>eurofxref-daily.xml</c>, <c>eurofxref-hist.xml</c>, <c>eurofxref-hist-90d.xml</c>):
/// a gesmes envelope holding <c>&lt;Cube time="…"&gt;&lt;Cube currency="…" rate="…"/&gt;</c>.</item>
/// </list>
/// Every rate is EUR-based. The format is detected from the first character that is not white space (or a byte-order mark).
/// </summary>
public static class EcbRateFile
{
    public const string BaseCurrency = "EUR";

    private static readonly string[] CsvDateFormats = ["d MMMM yyyy", "dd MMMM yyyy", "yyyy-MM-dd"];

    public static EcbFileFormat Detect(string content)
    {
        var first = content.AsSpan().TrimStart(['\uFEFF', ' ', '\t', '\r', '\n']);
        if (first.IsEmpty) throw new EcbRateFileException("The file is empty.");
        return first[0] == '<' ? EcbFileFormat.Xml : EcbFileFormat.Csv;
    }

    public static (EcbFileFormat Format, IReadOnlyList<EcbRate> Rates) Parse(string content)
    {
        var format = Detect(content);
        var rates = format == EcbFileFormat.Xml ? ParseXml(content) : ParseCsv(content);
        if (rates.Count == 0) throw new EcbRateFileException("The file holds no rates.");
        return (format, rates);
    }

    private static List<EcbRate> ParseCsv(string content)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            HasHeaderRecord = true,
            DetectColumnCountChanges = false,
            BadDataFound = null,
        };
        using var reader = new StringReader(content.TrimStart('\uFEFF'));
        using var csv = new CsvReader(reader, configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 1 } header
            || !string.Equals(header[0], "Date", StringComparison.OrdinalIgnoreCase))
            throw new EcbRateFileException("Not an ECB reference-rate CSV: the first line must be the header 'Date, USD, JPY, …'.");

        // The published header ends with a separator, so its last column has no name: it is skipped, as are blank ones.
        var currencies = header.Select((name, index) => (Name: name.Trim(), Index: index))
            .Where(c => c.Index > 0 && c.Name.Length > 0).ToList();
        foreach (var (name, _) in currencies)
            if (!CurrencyCode.IsValid(name)) throw new EcbRateFileException($"The header names '{name}', which is not a currency code.");

        var rates = new List<EcbRate>();
        while (csv.Read())
        {
            var row = csv.Parser.Record ?? [];
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            var line = csv.Parser.RawRow;
            if (!DateOnly.TryParseExact(row[0].Trim(), CsvDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new EcbRateFileException($"Line {line}: '{row[0].Trim()}' is not a date.");
            foreach (var (name, index) in currencies)
            {
                var cell = index < row.Length ? row[index].Trim() : "";
                if (cell.Length == 0 || cell.Equals("N/A", StringComparison.OrdinalIgnoreCase)) continue;
                rates.Add(new EcbRate(date, name, ParseRate(cell, $"Line {line}, {name}")));
            }
        }
        return rates;
    }

    private static List<EcbRate> ParseXml(string content)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        var rates = new List<EcbRate>();
        var sawEnvelope = false;
        DateOnly? day = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(content.TrimStart('\uFEFF')), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (reader.Depth == 0)
                {
                    if (reader.LocalName != "Envelope")
                        throw new EcbRateFileException($"Not an ECB reference-rate XML file: the root element is <{reader.Name}>, not <gesmes:Envelope>.");
                    sawEnvelope = true;
                    continue;
                }
                if (reader.LocalName != "Cube") continue;
                if (reader.GetAttribute("time") is { } time)
                {
                    if (!DateOnly.TryParseExact(time, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                        throw new EcbRateFileException($"<Cube time='{time}'>: not a date.");
                    day = parsed;
                }
                else if (reader.GetAttribute("currency") is { } currency)
                {
                    if (day is null) throw new EcbRateFileException($"<Cube currency='{currency}'> is not inside a dated <Cube time='…'>.");
                    if (!CurrencyCode.IsValid(currency)) throw new EcbRateFileException($"<Cube currency='{currency}'>: not a currency code.");
                    var rate = reader.GetAttribute("rate") ?? throw new EcbRateFileException($"<Cube currency='{currency}'> has no rate.");
                    rates.Add(new EcbRate(day.Value, currency.Trim().ToUpperInvariant(), ParseRate(rate, $"{day:yyyy-MM-dd}, {currency}")));
                }
            }
        }
        catch (XmlException exception)
        {
            throw new EcbRateFileException($"Not well-formed XML: {exception.Message}");
        }
        if (!sawEnvelope) throw new EcbRateFileException("Not an ECB reference-rate XML file.");
        return rates;
    }

    private static decimal ParseRate(string text, string where) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) && Domain.ExchangeRates.ExchangeRate.IsValidRate(rate)
            ? rate
            : throw new EcbRateFileException($"{where}: '{text}' is not a rate ({Domain.ExchangeRates.ExchangeRate.RateMessage})");
}
