using System.Text.Json;
using FinInfra.Api.Documents;
using FinInfra.Application.Common.Paging;
using FinInfra.Application.Documents;
using FinInfra.Application.Documents.DeleteDocument;
using FinInfra.Application.Documents.GetDocument;
using FinInfra.Application.Documents.GetDocumentContent;
using FinInfra.Application.Documents.ListDocuments;
using FinInfra.Application.Documents.ReplaceExtractedData;
using FinInfra.Application.Documents.UploadDocument;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FinInfra.Api.Controllers;

public sealed class DocumentsController : ApiControllerBase
{
    /// <summary>
    /// Uploads one file as multipart/form-data: a <c>documentType</c> field, then a <c>file</c> part, streamed to storage
    /// as it arrives. 413 over the size limit; 415 when the bytes are not PDF, PNG, JPEG, CSV or plain text.
    /// </summary>
    [HttpPost]
    [DocumentUpload]
    [Consumes("multipart/form-data")]
    [ProducesResponseType<DocumentDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IActionResult> Upload()
    {
        // No action parameters: any would make MVC build its form value provider, which buffers the whole body first.
        var cancellationToken = HttpContext.RequestAborted;
        var document = await MultipartUpload.ReadAsync(Request,
            (documentType, filename, content) => Sender.Send(new UploadDocumentCommand(content, filename, documentType), cancellationToken).AsTask(),
            cancellationToken);
        return Created($"/api/v1/documents/{document.Id}", document);
    }

    /// <summary>The caller's documents, newest first; pass <c>nextCursor</c> back as <c>cursor</c> for the next page.</summary>
    [HttpGet]
    public async Task<Page<DocumentSummaryDto>> List([FromQuery] int limit = PageLimits.Default, [FromQuery] string? cursor = null, CancellationToken cancellationToken = default) =>
        await Sender.Send(new ListDocumentsQuery(limit, cursor), cancellationToken);

    /// <summary>One document, with its extracted data.</summary>
    [HttpGet("{id:guid}")]
    [ProducesResponseType<DocumentDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<DocumentDto> Get(Guid id, CancellationToken cancellationToken) =>
        await Sender.Send(new GetDocumentQuery(id), cancellationToken);

    /// <summary>The stored bytes, always as an attachment with the sanitised name, never rendered inline.</summary>
    [HttpGet("{id:guid}/content")]
    [ProducesResponseType<Stream>(StatusCodes.Status200OK, "application/pdf", "image/png", "image/jpeg", "text/csv", "text/plain")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Content(Guid id, CancellationToken cancellationToken)
    {
        var content = await Sender.Send(new GetDocumentContentQuery(id), cancellationToken);
        Response.Headers.XContentTypeOptions = "nosniff";
        // Should a browser ever render it anyway, it runs nothing and loads nothing.
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return File(content.Content, content.ContentType, content.Filename);
    }

    /// <summary>Replaces the document's extracted data with the JSON object in the body.</summary>
    [HttpPut("{id:guid}/extracted-data")]
    [ProducesResponseType<DocumentDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<DocumentDto> ReplaceExtractedData(Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Disallow)] Dictionary<string, JsonElement> data,
        CancellationToken cancellationToken) =>
        await Sender.Send(new ReplaceExtractedDataCommand(id, data), cancellationToken);

    /// <summary>Soft delete: the document disappears from every list and route.</summary>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        await Sender.Send(new DeleteDocumentCommand(id), cancellationToken);
        return NoContent();
    }
}
