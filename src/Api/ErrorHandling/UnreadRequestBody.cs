namespace FinInfra.Api.ErrorHandling;

/// <summary>
/// An answer given before the request body was read to its end (over a size limit, or cut off by the server) ends the
/// HTTP/1.x connection and says so with <c>Connection: close</c>. Without the header Kestrel still closes such a
/// connection after the answer, and a client that had already sent its next request on it gets no answer at all
/// (RFC 9112 §9.6: a server that closes must say so). HTTP/2 and HTTP/3 end the stream instead and forbid the header.
/// </summary>
public static class UnreadRequestBody
{
    public static void CloseConnection(HttpContext context)
    {
        var protocol = context.Request.Protocol;
        if (HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol))
            context.Response.Headers.Connection = "close";
    }
}
