package io.aegisml.security.rbac;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Refuses tokens of principals deleted or disabled since they were issued (401, before any business logic). */
public class LivePrincipalValidator implements OAuth2TokenValidator<Jwt> {

    private final AccessView view;

    public LivePrincipalValidator(AccessView view) {
        this.view = view;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        return view.isDeleted(token.getSubject())
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The principal was deleted or disabled.", null))
                : OAuth2TokenValidatorResult.success();
    }
}
