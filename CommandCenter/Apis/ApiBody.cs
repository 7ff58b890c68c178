using System.Text.Json;
using Microsoft.OpenApi;

namespace CommandCenter.Apis;

/// <summary>
/// Reads a JSON request body by hand instead of by parameter binding, so every way a body can be bad — too large, not JSON,
/// a field of the wrong type, a key given twice — is a ProblemDetails naming the field, never an exception or a bare 400.
/// </summary>
public static class ApiBody
{
    /// <summary>The largest request body the intake API reads (a case with a 2,000-character description is about 3 KB).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer with.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        if (request.ContentLength > MaxBytes) return (null, TooLarge());

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes) return (null, TooLarge());
                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception ex) when (ex is BadHttpRequestException || request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client's doing, not the server's: a body cut short (a dropped connection, fewer bytes than Content-Length),
            // one arriving too slowly, or a client that went away. One a minute from each flaky field device is ordinary
            // traffic, so Debug, and the answer goes to the client if it still listens.
            var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            Logger(request).LogDebug(ex, "Request body of {Path} not read to its end ({Status}): {Reason}", request.Path, status, ex.Message);
            return (null, Problem(status, "Incomplete request body", "The request body ended before its declared length, or arrived too slowly."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), IntakeRequests.Json);
            return value is null
                ? (null, Invalid("body", "The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var (field, message) = IntakeRequests.JsonProblem<T>(ex);
            return (null, Invalid(field, message));
        }
    }

    /// <summary>
    /// Describes the JSON body <typeparamref name="T"/> in the OpenAPI document. Not <c>Accepts&lt;T&gt;()</c>: that makes routing
    /// answer another content type with a bare 415, where <see cref="ReadAsync{T}"/> answers with a ProblemDetails.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            };
        });

    /// <summary>A 400 naming the one field (or query parameter) that is wrong, and why; the reason is also the detail.</summary>
    public static IResult Invalid(string field, string message, string title = "The request is not valid.") =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: title);

    public static IResult Invalid(IntakeRequests.Errors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid.");

    public static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>
    /// A conflict with what an idempotency key recorded first: a 409 whose <c>errors</c> name each field that differs, in
    /// the shape of a validation problem so a client reads both the same way.
    /// </summary>
    public static IResult Conflict(string title, string detail, IReadOnlyList<string> fields, string recorded) =>
        TypedResults.Problem(new HttpValidationProblemDetails(fields.ToDictionary(f => f, f => new[] { $"{f} differs from {recorded}." }))
        {
            Status = StatusCodes.Status409Conflict,
            Title = title,
            Detail = detail,
        });

    private static ILogger Logger(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiBody));

    private static IResult TooLarge() =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"A request body may be at most {MaxBytes / 1024} KB.");
}
