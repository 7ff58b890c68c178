using System.ComponentModel.DataAnnotations;
using CommandCenter.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Features.Account;

/// <summary>
/// The sign-in form: a static SSR page (no circuit before sign-in) posting with antiforgery. On success it issues the
/// session cookie and goes to the local returnUrl; every refusal shows the same message (the reason is audited by
/// <see cref="SignInService"/>).
/// </summary>
public sealed partial class LoginPage
{
    /// <summary>The longest name the form takes: whatever is typed is recorded (sign-in attempts, audit log) before it is checked.</summary>
    public const int MaxUserNameLength = 100;

    [Inject] private SignInService SignIn { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "login")] private LoginInput? Input { get; set; }

    [SupplyParameterFromQuery] private string? ReturnUrl { get; set; }

    private string? ErrorKey { get; set; }

    protected override void OnInitialized()
    {
        Input ??= new LoginInput();
        // The hidden field carries returnUrl through the POST.
        if (HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType)
            ReturnUrl ??= HttpContext.Request.Form["ReturnUrl"].ToString();
    }

    private async Task SignInAsync()
    {
        var result = await SignIn.PasswordSignInAsync(Input!.UserName, Input.Password, HttpContext.Connection.RemoteIpAddress?.ToString(),
            HttpContext.RequestAborted);
        if (result.Outcome == SignInOutcome.Success)
        {
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!,
                new AuthenticationProperties { IsPersistent = false });
            Navigation.NavigateTo(LocalReturnUrl.OrRoot(ReturnUrl), forceLoad: true);
        }
        else
        {
            // One answer for an unknown name, a wrong password, a disabled or locked account: nothing to enumerate.
            ErrorKey = "Login.Failed";
        }
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Validation.Required"), StringLength(MaxUserNameLength, ErrorMessage = "Validation.TooLong")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.TooLong")]
        public string Password { get; set; } = "";
    }
}
