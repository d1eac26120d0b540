// The real MSAL.NET (Microsoft.Identity.Client, its netstandard2.0 build)
// serving a token silently from a cache file, for tokencache's refresh tests
// (tests/refresh.rs): a fresh PublicClientApplication loads the file with
// DeserializeMsalV3, finds the account by username and calls
// AcquireTokenSilent against the fake Entra ID of fake_entra.py.
//
//   mono msal_net.exe CACHE AUTHORITY CLIENT_ID USERNAME SCOPE > RESULT.json
//
// RESULT is {"token", "source" (MSAL's TokenSource: Cache or
// IdentityProvider), "username", "network": [every request MSAL sent]}.
// Every request goes through this program's own HttpClient, so "network"
// is complete. The fake's CA (SSL_CERT_FILE) is trusted by this HttpClient
// alone: a server certificate must chain to it and name the host. The cache
// file is only read, never written.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;

class Recorder : DelegatingHandler
{
    public readonly List<string> Sent = new List<string>();

    public Recorder(HttpMessageHandler inner) : base(inner) { }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        lock (Sent) Sent.Add(request.Method + " " + request.RequestUri);
        return base.SendAsync(request, cancel);
    }
}

class HttpFactory : IMsalHttpClientFactory
{
    public readonly Recorder Recorder;
    readonly HttpClient client;

    public HttpFactory(X509Certificate2 ca)
    {
        var handler = new HttpClientHandler();
        handler.ServerCertificateCustomValidationCallback = (request, cert, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || cert == null) return false;
            var ours = new X509Chain();
            ours.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            ours.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            ours.ChainPolicy.ExtraStore.Add(ca);
            return ours.Build(new X509Certificate2(cert))
                && ours.ChainElements[ours.ChainElements.Count - 1].Certificate.Thumbprint == ca.Thumbprint;
        };
        Recorder = new Recorder(handler);
        client = new HttpClient(Recorder);
    }

    public HttpClient GetHttpClient() { return client; }
}

static class Program
{
    static string Json(string s)
    {
        if (s == null) return "null";
        var b = new StringBuilder("\"");
        foreach (var c in s)
        {
            if (c == '"' || c == '\\') b.Append('\\').Append(c);
            else if (c < ' ') b.AppendFormat("\\u{0:x4}", (int)c);
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }

    static int Main(string[] args)
    {
        if (args.Length != 5)
        {
            Console.Error.WriteLine("usage: msal_net.exe CACHE AUTHORITY CLIENT_ID USERNAME SCOPE");
            return 2;
        }
        string cache = args[0], authority = args[1], clientId = args[2], username = args[3], scope = args[4];
        var caFile = Environment.GetEnvironmentVariable("SSL_CERT_FILE");
        if (string.IsNullOrEmpty(caFile))
        {
            Console.Error.WriteLine("SSL_CERT_FILE (the fake Entra ID's CA) is not set");
            return 2;
        }
        var http = new HttpFactory(new X509Certificate2(caFile));
        var app = PublicClientApplicationBuilder.Create(clientId)
            .WithAuthority(authority)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(http)
            .Build();
        app.UserTokenCache.SetBeforeAccess(a => a.TokenCache.DeserializeMsalV3(File.ReadAllBytes(cache)));

        string token = null, source = null, name = null, error = null;
        try
        {
            var accounts = app.GetAccountsAsync().GetAwaiter().GetResult();
            var account = accounts.FirstOrDefault(a => string.Equals(a.Username, username, StringComparison.OrdinalIgnoreCase));
            if (account == null)
            {
                error = "no account " + username + " among " + accounts.Count();
            }
            else
            {
                name = account.Username;
                var result = app.AcquireTokenSilent(new[] { scope }, account).ExecuteAsync().GetAwaiter().GetResult();
                token = result.AccessToken;
                source = result.AuthenticationResultMetadata.TokenSource.ToString();
            }
        }
        catch (MsalException e)
        {
            error = e.ErrorCode + ": " + e.Message;
        }
        List<string> sent;
        lock (http.Recorder.Sent) sent = new List<string>(http.Recorder.Sent);
        Console.WriteLine("{\"token\": " + Json(token) + ", \"source\": " + Json(source)
            + ", \"username\": " + Json(name) + ", \"error\": " + Json(error)
            + ", \"network\": [" + string.Join(", ", sent.Select(Json)) + "]}");
        return 0;
    }
}
