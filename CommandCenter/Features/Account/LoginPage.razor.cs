using System.ComponentModel.DataAnnotations;
using CommandCenter.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Features.Account;

/// <summary>
/// The sign-in form: a static SSR page (no circuit before sign-in) posting with antiforgery. On success it issues the
/// session cookie and goes to the local returnUrl; failures and lockouts are counted and audited by <see cref="SignInService"/>.
/// </summary>
public sealed partial class LoginPage
{
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
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!,
                    new AuthenticationProperties { IsPersistent = false });
                Navigation.NavigateTo(LocalReturnUrl.OrRoot(ReturnUrl), forceLoad: true);
                break;
            case SignInOutcome.LockedOut:
                ErrorKey = "Login.LockedOut";
                break;
            default:
                ErrorKey = "Login.Failed";
                break;
        }
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Validation.Required"), StringLength(100, ErrorMessage = "Validation.TooLong")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.TooLong")]
        public string Password { get; set; } = "";
    }
}
