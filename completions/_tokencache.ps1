
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tokencache' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tokencache'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tokencache' {
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'DPAPI protection scope, e.g. --scope local-machine (accepted and reported unused elsewhere); before the command')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Print the stored cache JSON to stdout, exactly as stored')
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Store the cache JSON read from stdin (or --input), atomically')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that the store works, with a round trip that does not touch the cache')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove the stored cache (succeeds when there is none)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the cache path')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Rewrite the stored cache with a command (jq, a script) under one hold of the lock')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove selected entries (an account, an application, a section) under the lock')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Summarise the stored cache for people, without showing any secret')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print the cached access token MSAL''s silent acquisition would serve (never contacts the network)')
            [CompletionResult]::new('presets', 'presets', [CompletionResultType]::ParameterValue, 'List the presets, where each resolves on this machine, and whether its cache exists')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Write a new random key file for the encrypted file store (0600; never overwrites)')
            [CompletionResult]::new('redis', 'redis', [CompletionResultType]::ParameterValue, 'Look into a Redis database of distributed token caches (list the partitions)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokencache;read' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'With --redact: redact this file ("-" is stdin) instead of the stored cache: no store, no lock')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'With --redact: redact this file ("-" is stdin) instead of the stored cache: no store, no lock')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse a cache (stored, or given with --input) larger than this: 16MiB, 512KiB, 1048576')
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--allow-missing', '--allow-missing', [CompletionResultType]::ParameterName, 'Print {} and exit 0 when no cache is stored, instead of exit 3')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Replace every `secret` value with `"<redacted N bytes>"` (output is re-serialised, indented)')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;write' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Read the cache from this file instead of stdin ("-" is stdin)')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Read the cache from this file instead of stdin ("-" is stdin)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse input larger than this: 16MiB, 512KiB, 1048576')
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--merge', '--merge', [CompletionResultType]::ParameterName, 'Merge into the stored cache instead of replacing it (one lock hold)')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'With --merge: the input is a stream of caches, merged in order under one lock hold')
            [CompletionResult]::new('--each', '--each', [CompletionResultType]::ParameterName, 'With --stream: store after every document, as it arrives')
            [CompletionResult]::new('--prune-expired', '--prune-expired', [CompletionResultType]::ParameterName, 'With --merge: drop access tokens whose expires_on is before now')
            [CompletionResult]::new('--force-partition', '--force-partition', [CompletionResultType]::ParameterName, 'Redis: store entries even when they belong to another partition than --redis-key')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;verify' {
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;clear' {
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;path' {
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--lock', '--lock', [CompletionResultType]::ParameterName, 'Print the lock file''s path instead')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;update' {
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse a cache (stored, or CMD''s output) larger than this: 16MiB, 512KiB, 1048576')
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--allow-missing', '--allow-missing', [CompletionResultType]::ParameterName, 'Feed {} to CMD when no cache is stored, instead of exit 3')
            [CompletionResult]::new('--force-partition', '--force-partition', [CompletionResultType]::ParameterName, 'Redis: store entries CMD adds or changes even when they belong to another partition than --redis-key')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;remove' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Entries of this signed-in account: a username (any case) or a home account id')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Entries of this client (application) id')
            [CompletionResult]::new('--section', '--section', [CompletionResultType]::ParameterName, 'Only entries of this section (repeatable): AccessToken, RefreshToken, IdToken, Account, AppMetadata, …')
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be removed, and change nothing')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;inspect' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Inspect this file ("-" is stdin) instead of the stored cache: no store, no lock')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Inspect this file ("-" is stdin) instead of the stored cache: no store, no lock')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse a cache (stored, or given with --input) larger than this: 16MiB, 512KiB, 1048576')
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--claims', '--claims', [CompletionResultType]::ParameterName, 'Also decode the JWT header and claims that matter (alg, typ, kid; aud, iss, exp, upn, preferred_username)')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;token' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'A scope the token must carry (repeatable, or several in one value separated by spaces); compared ignoring case')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The signed-in account''s username (any case)')
            [CompletionResult]::new('--home-account-id', '--home-account-id', [CompletionResultType]::ParameterName, 'The account''s home account id (`uid.utid`), exactly')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Only a token this client (application) obtained')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Only a token of this tenant (realm); default: the account''s home tenant, then organizations/common')
            [CompletionResult]::new('--min-validity', '--min-validity', [CompletionResultType]::ParameterName, 'Validity the token must have left, like MSAL''s 5-minute refresh margin (500ms, 60s, 5m, 1h)')
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--app-only', '--app-only', [CompletionResultType]::ParameterName, 'Only an app-only (client credentials) token, never a user''s; without it, only users'' tokens')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;presets' {
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;keygen' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the key (base64 of 32 random bytes); refused if it exists')
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;redis' {
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys with SCAN: layout, TTL, size, accounts and tokens, expired entries, partition check')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokencache;redis;list' {
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only keys matching this glob after --redis-prefix, e.g. --match ''*.72f988bf-86f1-41af-91ab-2d7cd011db47''')
            [CompletionResult]::new('--cache-path', '--cache-path', [CompletionResultType]::ParameterName, 'The cache file [default: <user root>/.tokencache/cache.json]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where the cache lives [default: auto, the platform''s protected store]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Use a well-known cache''s path, store and keyring item')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Keyring service name [default: tokencache]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Keyring account name [default: default]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the lock')
            [CompletionResult]::new('--collection', '--collection', [CompletionResultType]::ParameterName, 'Collection: an alias or a label, e.g. --collection session [default: the default collection]')
            [CompletionResult]::new('--schema', '--schema', [CompletionResultType]::ParameterName, 'The item''s xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]')
            [CompletionResult]::new('--attribute', '--attribute', [CompletionResultType]::ParameterName, 'An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'The label of a new item, e.g. --label MSALCache [default: <service>/<account>]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]')
            [CompletionResult]::new('--keyring-timeout', '--keyring-timeout', [CompletionResultType]::ParameterName, 'Give up on the keyring after this long, e.g. --keyring-timeout 3s')
            [CompletionResult]::new('--key-fd', '--key-fd', [CompletionResultType]::ParameterName, 'Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key')
            [CompletionResult]::new('--entropy-env', '--entropy-env', [CompletionResultType]::ParameterName, 'The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]')
            [CompletionResult]::new('--redis-password-file', '--redis-password-file', [CompletionResultType]::ParameterName, 'A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)')
            [CompletionResult]::new('--redis-ca-file', '--redis-ca-file', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system''s roots]')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)')
            [CompletionResult]::new('--redis-key', '--redis-key', [CompletionResultType]::ParameterName, 'The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)')
            [CompletionResult]::new('--redis-prefix', '--redis-prefix', [CompletionResultType]::ParameterName, 'A prefix put before every key: ASP.NET Core''s InstanceName, e.g. --redis-prefix MyApp_')
            [CompletionResult]::new('--redis-layout', '--redis-layout', [CompletionResultType]::ParameterName, 'How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]')
            [CompletionResult]::new('--redis-ttl', '--redis-ttl', [CompletionResultType]::ParameterName, 'Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also list keys that are not token caches (sessions, discovery metadata, …)')
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            break
        }
        'tokencache;redis;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys with SCAN: layout, TTL, size, accounts and tokens, expired entries, partition check')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokencache;redis;help;list' {
            break
        }
        'tokencache;redis;help;help' {
            break
        }
        'tokencache;help' {
            [CompletionResult]::new('read', 'read', [CompletionResultType]::ParameterValue, 'Print the stored cache JSON to stdout, exactly as stored')
            [CompletionResult]::new('write', 'write', [CompletionResultType]::ParameterValue, 'Store the cache JSON read from stdin (or --input), atomically')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that the store works, with a round trip that does not touch the cache')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove the stored cache (succeeds when there is none)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the cache path')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Rewrite the stored cache with a command (jq, a script) under one hold of the lock')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove selected entries (an account, an application, a section) under the lock')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Summarise the stored cache for people, without showing any secret')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print the cached access token MSAL''s silent acquisition would serve (never contacts the network)')
            [CompletionResult]::new('presets', 'presets', [CompletionResultType]::ParameterValue, 'List the presets, where each resolves on this machine, and whether its cache exists')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Write a new random key file for the encrypted file store (0600; never overwrites)')
            [CompletionResult]::new('redis', 'redis', [CompletionResultType]::ParameterValue, 'Look into a Redis database of distributed token caches (list the partitions)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tokencache;help;read' {
            break
        }
        'tokencache;help;write' {
            break
        }
        'tokencache;help;verify' {
            break
        }
        'tokencache;help;clear' {
            break
        }
        'tokencache;help;path' {
            break
        }
        'tokencache;help;update' {
            break
        }
        'tokencache;help;remove' {
            break
        }
        'tokencache;help;inspect' {
            break
        }
        'tokencache;help;token' {
            break
        }
        'tokencache;help;presets' {
            break
        }
        'tokencache;help;keygen' {
            break
        }
        'tokencache;help;redis' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the keys with SCAN: layout, TTL, size, accounts and tokens, expired entries, partition check')
            break
        }
        'tokencache;help;redis;list' {
            break
        }
        'tokencache;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
