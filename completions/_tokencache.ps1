
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
            [CompletionResult]::new('--merge', '--merge', [CompletionResultType]::ParameterName, 'Merge into the stored cache instead of replacing it (one lock hold)')
            [CompletionResult]::new('--prune-expired', '--prune-expired', [CompletionResultType]::ParameterName, 'With --merge: drop access tokens whose expires_on is at or before now')
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
            [CompletionResult]::new('--allow-missing', '--allow-missing', [CompletionResultType]::ParameterName, 'Feed {} to CMD when no cache is stored, instead of exit 3')
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
            [CompletionResult]::new('--home-account-id', '--home-account-id', [CompletionResultType]::ParameterName, 'The account''s home account id (`uid.utid`)')
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
            [CompletionResult]::new('--plaintext-fallback', '--plaintext-fallback', [CompletionResultType]::ParameterName, 'Linux: use the plaintext file when the Secret Service fails verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Nothing on stderr but errors and security warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output, and JSON errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (every option and the exit codes: tokencache help [COMMAND])')
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
        'tokencache;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
