using FinInfra.Application.Documents;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FinInfra.Api.Documents;

/// <summary>
/// Reads a multipart upload without buffering it: the <c>documentType</c> field first, then the <c>file</c> part,
/// whose body is handed on as a stream while it is still arriving. Because the file is never buffered, its fields
/// must come before it (as with S3's POST uploads); anything else is a 400.
/// </summary>
public static class MultipartUpload
{
    private const int MaxFieldBytes = 1024;

    public static async Task<DocumentDto> ReadAsync(HttpRequest request, Func<string, string?, Stream, Task<DocumentDto>> upload, CancellationToken cancellationToken)
    {
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary)) throw Invalid("file", "The body must be multipart/form-data with a boundary.");

        var reader = new MultipartReader(boundary, request.Body);
        string? documentType = null;
        try
        {
            while (await NextSectionAsync(reader, cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (disposition.IsFileDisposition() && name == "file")
                {
                    if (documentType is null) throw Invalid("documentType", "Send the documentType field before the file part.");
                    var filename = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    return await upload(documentType, filename, new ClientBodyStream(section.Body));
                }
                if (disposition.IsFormDisposition() && name == "documentType")
                    documentType = await ReadFieldAsync(new ClientBodyStream(section.Body), cancellationToken);
            }
        }
        catch (InvalidDataException)
        {
            // A malformed body (bad boundary, oversized part headers, a body that ends early): the client's fault.
            throw Invalid("file", "The multipart body could not be read.");
        }
        throw Invalid("file", "A file part named 'file' is required.");
    }

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (IOException exception) when (exception is not BadHttpRequestException)
        {
            throw new InvalidDataException("The request body ended early.", exception);
        }
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (read > MaxFieldBytes) throw Invalid("documentType", "The documentType field is too long.");
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);

    /// <summary>
    /// A part's body, with the reader's "unexpected end of stream" (an IOException) turned into
    /// InvalidDataException, so a truncated upload is told apart from a storage failure and answered with a 400.
    /// The server's own BadHttpRequestException (an IOException too: body over Kestrel's limit → 413) passes through.
    /// </summary>
    private sealed class ClientBodyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException exception) when (exception is not BadHttpRequestException)
            {
                throw new InvalidDataException("The request body ended early.", exception);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Uploads are read asynchronously.");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
