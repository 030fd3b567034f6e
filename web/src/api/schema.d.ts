/**
 * The console API's types, generated from the server's OpenAPI document by scripts/gen-api.ts
 * (npm run gen:api). Do not edit: change the route schemas and run it again.
 */
export interface paths {
    "/api/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform accounts with their status and capabilities (no secrets) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Account"][];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Connects a platform account (checked against the platform first) and starts its connector */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description a Bot API server other than api.telegram.org */
                        apiRoot?: string;
                        /**
                         * @description webhook needs PUBLIC_URL reachable by Telegram over HTTPS
                         * @default webhook
                         * @enum {string}
                         */
                        mode?: "webhook" | "polling";
                        name?: string;
                        /** @enum {string} */
                        platform: "telegram";
                        token: string;
                    } | {
                        agentId?: string;
                        apiRoot?: string;
                        /** @description the chat-archive (会话内容存档) sidecar */
                        archive?: {
                            sidecarUrl: string;
                        };
                        corpId: string;
                        /** @description callback EncodingAESKey of 接收消息 */
                        encodingAesKey: string;
                        name: string;
                        /** @enum {string} */
                        platform: "wecom";
                        /** @description the customer-contact (客户联系) or app secret */
                        secret: string;
                        /** @description callback Token of 接收消息 */
                        token: string;
                    } | {
                        baseUrl: string;
                        name?: string;
                        /** @enum {string} */
                        platform: "sandbox";
                        token: string;
                        webhookSecret?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Renames, disables (stops its connector) or enables (starts it again) an account */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        enabled?: boolean;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/accounts/{id}/capabilities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the account's platform lets Qunyun do, and what to do instead where it does not */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Capability"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/telegram/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Checks a bot token and the bot's admin rights in the groups it is known in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        apiRoot?: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bot: {
                                id: string;
                                username: string;
                            };
                            groups: {
                                chatId: string;
                                error?: string;
                                isAdmin: boolean;
                                missingRights: string[];
                                title: string;
                            }[];
                            notes: string[];
                            /** @description the token works and the bot has every right it needs where it is known */
                            ok: boolean;
                            /** @description what to fix, one line each */
                            problems: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/activities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Polls, quizzes and draws, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ActivityPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start a poll, quiz or draw in a group (posted to the group) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        closesAt?: string;
                        config: {
                            /** @description the choices; members vote by number */
                            options: string[];
                        };
                        groupId: number;
                        /** @enum {string} */
                        kind: "poll";
                        title: string;
                    } | {
                        /** Format: date-time */
                        closesAt?: string;
                        config: {
                            /** @default 3 */
                            bonusPlaces?: number;
                            questions: {
                                /** @description index of the right option */
                                answer: number;
                                options: string[];
                                /** @default 1 */
                                points?: number;
                                text: string;
                            }[];
                        };
                        groupId: number;
                        /** @enum {string} */
                        kind: "quiz";
                        title: string;
                    } | {
                        /** Format: date-time */
                        closesAt?: string;
                        config: {
                            /**
                             * @default {
                             *       "activeWithinDays": 30,
                             *       "excludeBanned": true,
                             *       "excludeHunters": true,
                             *       "hunterMinOtherMessages": 1
                             *     }
                             */
                            eligibility?: {
                                /** @default 30 */
                                activeWithinDays?: number;
                                /** @default true */
                                excludeBanned?: boolean;
                                /** @default true */
                                excludeHunters?: boolean;
                                /** @default 1 */
                                hunterMinOtherMessages?: number;
                            };
                            /**
                             * @description the message that enters the draw
                             * @default 抽奖
                             */
                            keyword?: string;
                            /** @default  */
                            prize?: string;
                            /** @default 0 */
                            totalCents?: number;
                            /** @default 1 */
                            winners?: number;
                        };
                        groupId: number;
                        /** @enum {string} */
                        kind: "draw";
                        title: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Activity"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/activities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An activity with its result and the delivery of its posts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ActivityDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/activities/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close an activity now: count, score or draw, and post the result */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Activity"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/activities/{id}/draw.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A closed draw's record, for `qunyun draw verify --file` */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commitment: string;
                            drawId?: number;
                            /** @description eligible entry keys */
                            entries: string[];
                            /** @description revealed seed */
                            seed: string;
                            shares?: number[];
                            totalCents?: number;
                            winners: string[];
                            winnersWanted: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's read-only API keys (never their secrets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ApiKey"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a read-only API key: GET routes of this workspace only, as a viewer (the secret is shown once; audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: components["schemas"]["ApiKey"];
                            /** @description send as Authorization: Bearer <secret>; shown only now */
                            secret: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/api-keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an API key: it fails from now on (audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appeal/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the appeal link is about (public: the link is the credential) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModerationPublicAppeal"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Sends the member's appeal (once per decision) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description prefix of the action, e.g. group. */
                    action?: string;
                    actorId?: number;
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    from?: string;
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                    /** @description prefix of the target, e.g. group:12 */
                    target?: string;
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/automations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Automation rules of the workspace */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AutomationRule"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a rule (version 1) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        actions: ({
                            /**
                             * @description counts the message against the push guard rails (docs/pushes.md)
                             * @enum {string}
                             */
                            category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                            /** @enum {string} */
                            kind: "post";
                            /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                            template: string;
                        } | {
                            /**
                             * @description counts the message against the push guard rails (docs/pushes.md)
                             * @enum {string}
                             */
                            category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                            /** @enum {string} */
                            kind: "private_message";
                            /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                            template: string;
                        } | {
                            /** @enum {string} */
                            kind: "tag";
                            tag: string;
                        } | {
                            /** @enum {string} */
                            kind: "untag";
                            tag: string;
                        } | {
                            /** @description the operator's own member identity: also sent to them as a private message */
                            chatMemberId?: number;
                            /** @enum {string} */
                            kind: "notify_operator";
                            /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                            template: string;
                            /** @description the staff user; default the group's operator */
                            userId?: number;
                        } | {
                            activity: string;
                            /** @enum {string} */
                            kind: "start_activity";
                            /** @default {} */
                            params?: {
                                [key: string]: unknown;
                            };
                        } | {
                            /** @enum {string} */
                            kind: "assign_operator";
                            userId: number;
                        })[];
                        /** @default [] */
                        conditions?: ({
                            /** @default true */
                            has?: boolean;
                            /** @enum {string} */
                            kind: "member_tag";
                            tag: string;
                        } | {
                            /** @enum {string} */
                            kind: "member_stage";
                            stages: ("new" | "active" | "silent" | "churned")[];
                        } | {
                            /** @enum {string} */
                            kind: "trust_level";
                            max?: number;
                            min?: number;
                        } | {
                            /** @enum {string} */
                            kind: "days_since_join";
                            max?: number;
                            min?: number;
                        } | {
                            /** @enum {string} */
                            kind: "group_layer";
                            layers: string[];
                        } | {
                            /** @default true */
                            has?: boolean;
                            /** @enum {string} */
                            kind: "group_tag";
                            tag: string;
                        } | {
                            /** @enum {string} */
                            kind: "group_size";
                            max?: number;
                            min?: number;
                        } | {
                            from: string;
                            /** @enum {string} */
                            kind: "quiet_hours";
                            to: string;
                        } | {
                            days: ("workday" | "rest_day" | "holiday" | "makeup_workday")[];
                            /** @enum {string} */
                            kind: "day_type";
                        })[];
                        /** @default true */
                        enabled?: boolean;
                        name: string;
                        /**
                         * @default {
                         *       "kind": "workspace"
                         *     }
                         */
                        scope?: {
                            /** @enum {string} */
                            kind: "workspace";
                        } | {
                            /** @enum {string} */
                            kind: "layer";
                            layer: string;
                        } | {
                            /** @enum {string} */
                            kind: "group_tag";
                            tag: string;
                        } | {
                            groupIds: number[];
                            /** @enum {string} */
                            kind: "groups";
                        };
                        trigger: {
                            /** @enum {string} */
                            kind: "join";
                            lateWithinDays?: number;
                        } | {
                            /** @enum {string} */
                            kind: "leave";
                        } | {
                            /** @enum {string} */
                            kind: "message";
                        } | {
                            keywords: string[];
                            /** @enum {string} */
                            kind: "keyword";
                            /**
                             * @default contains
                             * @enum {string}
                             */
                            match?: "contains" | "exact";
                        } | {
                            cron: string;
                            /** @enum {string} */
                            kind: "schedule";
                        } | {
                            days: number;
                            /** @enum {string} */
                            kind: "inactivity";
                            /**
                             * @description a group with no message, or a member of a group who wrote nothing
                             * @enum {string}
                             */
                            of: "group" | "member";
                        } | {
                            /** @enum {string} */
                            kind: "threshold";
                            /** @description group size reaches this */
                            size: number;
                        } | {
                            /** @description only when the event value is at least this (e.g. a streak of 7) */
                            atLeast?: number;
                            /** @description an activity event, e.g. streak_reached */
                            event: string;
                            /** @enum {string} */
                            kind: "activity";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/automations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a rule: saves a new version */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        actions: ({
                            /**
                             * @description counts the message against the push guard rails (docs/pushes.md)
                             * @enum {string}
                             */
                            category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                            /** @enum {string} */
                            kind: "post";
                            /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                            template: string;
                        } | {
                            /**
                             * @description counts the message against the push guard rails (docs/pushes.md)
                             * @enum {string}
                             */
                            category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                            /** @enum {string} */
                            kind: "private_message";
                            /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                            template: string;
                        } | {
                            /** @enum {string} */
                            kind: "tag";
                            tag: string;
                        } | {
                            /** @enum {string} */
                            kind: "untag";
                            tag: string;
                        } | {
                            /** @description the operator's own member identity: also sent to them as a private message */
                            chatMemberId?: number;
                            /** @enum {string} */
                            kind: "notify_operator";
                            /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                            template: string;
                            /** @description the staff user; default the group's operator */
                            userId?: number;
                        } | {
                            activity: string;
                            /** @enum {string} */
                            kind: "start_activity";
                            /** @default {} */
                            params?: {
                                [key: string]: unknown;
                            };
                        } | {
                            /** @enum {string} */
                            kind: "assign_operator";
                            userId: number;
                        })[];
                        /** @default [] */
                        conditions?: ({
                            /** @default true */
                            has?: boolean;
                            /** @enum {string} */
                            kind: "member_tag";
                            tag: string;
                        } | {
                            /** @enum {string} */
                            kind: "member_stage";
                            stages: ("new" | "active" | "silent" | "churned")[];
                        } | {
                            /** @enum {string} */
                            kind: "trust_level";
                            max?: number;
                            min?: number;
                        } | {
                            /** @enum {string} */
                            kind: "days_since_join";
                            max?: number;
                            min?: number;
                        } | {
                            /** @enum {string} */
                            kind: "group_layer";
                            layers: string[];
                        } | {
                            /** @default true */
                            has?: boolean;
                            /** @enum {string} */
                            kind: "group_tag";
                            tag: string;
                        } | {
                            /** @enum {string} */
                            kind: "group_size";
                            max?: number;
                            min?: number;
                        } | {
                            from: string;
                            /** @enum {string} */
                            kind: "quiet_hours";
                            to: string;
                        } | {
                            days: ("workday" | "rest_day" | "holiday" | "makeup_workday")[];
                            /** @enum {string} */
                            kind: "day_type";
                        })[];
                        /** @default true */
                        enabled?: boolean;
                        name: string;
                        /**
                         * @default {
                         *       "kind": "workspace"
                         *     }
                         */
                        scope?: {
                            /** @enum {string} */
                            kind: "workspace";
                        } | {
                            /** @enum {string} */
                            kind: "layer";
                            layer: string;
                        } | {
                            /** @enum {string} */
                            kind: "group_tag";
                            tag: string;
                        } | {
                            groupIds: number[];
                            /** @enum {string} */
                            kind: "groups";
                        };
                        trigger: {
                            /** @enum {string} */
                            kind: "join";
                            lateWithinDays?: number;
                        } | {
                            /** @enum {string} */
                            kind: "leave";
                        } | {
                            /** @enum {string} */
                            kind: "message";
                        } | {
                            keywords: string[];
                            /** @enum {string} */
                            kind: "keyword";
                            /**
                             * @default contains
                             * @enum {string}
                             */
                            match?: "contains" | "exact";
                        } | {
                            cron: string;
                            /** @enum {string} */
                            kind: "schedule";
                        } | {
                            days: number;
                            /** @enum {string} */
                            kind: "inactivity";
                            /**
                             * @description a group with no message, or a member of a group who wrote nothing
                             * @enum {string}
                             */
                            of: "group" | "member";
                        } | {
                            /** @enum {string} */
                            kind: "threshold";
                            /** @description group size reaches this */
                            size: number;
                        } | {
                            /** @description only when the event value is at least this (e.g. a streak of 7) */
                            atLeast?: number;
                            /** @description an activity event, e.g. streak_reached */
                            event: string;
                            /** @enum {string} */
                            kind: "activity";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Delete a rule (its executions stay in the log) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/automations/dry-run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What a rule would have done over the last N days (writes nothing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 7 */
                        days?: number;
                        id?: number;
                        /** @description the rule as edited; without it the saved rule `id` */
                        rule?: {
                            actions: ({
                                /**
                                 * @description counts the message against the push guard rails (docs/pushes.md)
                                 * @enum {string}
                                 */
                                category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                                /** @enum {string} */
                                kind: "post";
                                /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                                template: string;
                            } | {
                                /**
                                 * @description counts the message against the push guard rails (docs/pushes.md)
                                 * @enum {string}
                                 */
                                category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                                /** @enum {string} */
                                kind: "private_message";
                                /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                                template: string;
                            } | {
                                /** @enum {string} */
                                kind: "tag";
                                tag: string;
                            } | {
                                /** @enum {string} */
                                kind: "untag";
                                tag: string;
                            } | {
                                /** @description the operator's own member identity: also sent to them as a private message */
                                chatMemberId?: number;
                                /** @enum {string} */
                                kind: "notify_operator";
                                /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                                template: string;
                                /** @description the staff user; default the group's operator */
                                userId?: number;
                            } | {
                                activity: string;
                                /** @enum {string} */
                                kind: "start_activity";
                                /** @default {} */
                                params?: {
                                    [key: string]: unknown;
                                };
                            } | {
                                /** @enum {string} */
                                kind: "assign_operator";
                                userId: number;
                            })[];
                            /** @default [] */
                            conditions?: ({
                                /** @default true */
                                has?: boolean;
                                /** @enum {string} */
                                kind: "member_tag";
                                tag: string;
                            } | {
                                /** @enum {string} */
                                kind: "member_stage";
                                stages: ("new" | "active" | "silent" | "churned")[];
                            } | {
                                /** @enum {string} */
                                kind: "trust_level";
                                max?: number;
                                min?: number;
                            } | {
                                /** @enum {string} */
                                kind: "days_since_join";
                                max?: number;
                                min?: number;
                            } | {
                                /** @enum {string} */
                                kind: "group_layer";
                                layers: string[];
                            } | {
                                /** @default true */
                                has?: boolean;
                                /** @enum {string} */
                                kind: "group_tag";
                                tag: string;
                            } | {
                                /** @enum {string} */
                                kind: "group_size";
                                max?: number;
                                min?: number;
                            } | {
                                from: string;
                                /** @enum {string} */
                                kind: "quiet_hours";
                                to: string;
                            } | {
                                days: ("workday" | "rest_day" | "holiday" | "makeup_workday")[];
                                /** @enum {string} */
                                kind: "day_type";
                            })[];
                            /** @default true */
                            enabled?: boolean;
                            name: string;
                            /**
                             * @default {
                             *       "kind": "workspace"
                             *     }
                             */
                            scope?: {
                                /** @enum {string} */
                                kind: "workspace";
                            } | {
                                /** @enum {string} */
                                kind: "layer";
                                layer: string;
                            } | {
                                /** @enum {string} */
                                kind: "group_tag";
                                tag: string;
                            } | {
                                groupIds: number[];
                                /** @enum {string} */
                                kind: "groups";
                            };
                            trigger: {
                                /** @enum {string} */
                                kind: "join";
                                lateWithinDays?: number;
                            } | {
                                /** @enum {string} */
                                kind: "leave";
                            } | {
                                /** @enum {string} */
                                kind: "message";
                            } | {
                                keywords: string[];
                                /** @enum {string} */
                                kind: "keyword";
                                /**
                                 * @default contains
                                 * @enum {string}
                                 */
                                match?: "contains" | "exact";
                            } | {
                                cron: string;
                                /** @enum {string} */
                                kind: "schedule";
                            } | {
                                days: number;
                                /** @enum {string} */
                                kind: "inactivity";
                                /**
                                 * @description a group with no message, or a member of a group who wrote nothing
                                 * @enum {string}
                                 */
                                of: "group" | "member";
                            } | {
                                /** @enum {string} */
                                kind: "threshold";
                                /** @description group size reaches this */
                                size: number;
                            } | {
                                /** @description only when the event value is at least this (e.g. a streak of 7) */
                                atLeast?: number;
                                /** @description an activity event, e.g. streak_reached */
                                event: string;
                                /** @enum {string} */
                                kind: "activity";
                            };
                        };
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AutomationDryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/automations/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Execution log, newest first, with the delivery state of each action */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                    ruleId?: number;
                    /** @description only executions with a failed delivery */
                    state?: "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AutomationExecution"][];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/automations/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user's automation notifications */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                groupId: number | null;
                                id: number;
                                origin: string;
                                read: boolean;
                                text: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The weekly calendar (theme × day × slot per group layer) */
        get: {
            parameters: {
                query?: {
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    week?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CalendarWeek"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/chat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Where my reminders go in chat: me as a member of a group (null: console only) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        chat: {
                            groupId: number;
                            memberId: number;
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Plan a post (runs by itself at its slot) or a task (reminded) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        assigneeUserId?: number | null;
                        /** @default professional */
                        category?: string;
                        /** Format: date */
                        day: string;
                        /**
                         * @default post
                         * @enum {string}
                         */
                        kind?: "post" | "task";
                        layer: string;
                        slot: string;
                        /** @default  */
                        text?: string;
                        theme: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CalendarEntry"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/entries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Cancel a planned entry */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/entries/{id}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a planned entry to another day, slot or layer (drag and drop) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date */
                        day: string;
                        layer?: string;
                        slot: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CalendarEntry"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new secret iCal URL for me (the old one stops working) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            path: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A month's plan (acquisition target, topics, weekly live session, KOL tasks) */
        get: {
            parameters: {
                query: {
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    month: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            month: string;
                            plan: {
                                /** @default 0 */
                                acquisitionTarget: number;
                                /** @default [] */
                                kolTasks: {
                                    /** @default null */
                                    assigneeUserId: number | null;
                                    slot: string;
                                    title: string;
                                    weekday: number;
                                }[];
                                /** @default null */
                                live: {
                                    layer: string;
                                    slot: string;
                                    title: string;
                                    weekday: number;
                                } | null;
                                /** @default [] */
                                topics: string[];
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Save a month's plan; its live sessions and KOL tasks go on the calendar */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: date
                         * @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31
                         */
                        month: string;
                        plan: {
                            /** @default 0 */
                            acquisitionTarget?: number;
                            /** @default [] */
                            kolTasks?: {
                                /** @default null */
                                assigneeUserId?: number | null;
                                slot: string;
                                title: string;
                                weekday: number;
                            }[];
                            /** @default null */
                            live?: {
                                layer: string;
                                slot: string;
                                title: string;
                                weekday: number;
                            } | null;
                            /** @default [] */
                            topics?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            added: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Referral campaigns, newest first, with their funnels */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                campaign: components["schemas"]["Campaign"];
                                funnel: components["schemas"]["CampaignFunnel"];
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Creates a referral campaign over a live code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default red
                         * @enum {string}
                         */
                        art?: "red" | "blue" | "green" | "purple";
                        /** @description the live code newcomers are routed through */
                        codeId: number;
                        endsAt?: string | null;
                        name: string;
                        settings: {
                            /**
                             * @default {
                             *       "newMembersOnly": true,
                             *       "participantMinDays": 0
                             *     }
                             */
                            eligibility?: {
                                /** @default true */
                                newMembersOnly?: boolean;
                                /** @default 0 */
                                participantMinDays?: number;
                            };
                            floorCents?: number;
                            /**
                             * @default {
                             *       "stayDays": 3,
                             *       "leaveWindowDays": 3,
                             *       "velocityLimit": 20,
                             *       "velocityWindowMinutes": 60,
                             *       "sameFingerprintLimit": 3,
                             *       "silentShare": 0.8,
                             *       "silentMin": 5,
                             *       "silentSignificance": 0.01
                             *     }
                             */
                            fraud?: {
                                /** @default 3 */
                                leaveWindowDays?: number;
                                /** @default 3 */
                                sameFingerprintLimit?: number;
                                /** @default 5 */
                                silentMin?: number;
                                /** @default 0.8 */
                                silentShare?: number;
                                /** @default 0.01 */
                                silentSignificance?: number;
                                /** @default 3 */
                                stayDays?: number;
                                /** @default 20 */
                                velocityLimit?: number;
                                /** @default 60 */
                                velocityWindowMinutes?: number;
                            };
                            friendReward?: string;
                            goal: number;
                            /** @enum {string} */
                            kind: "invite" | "help" | "team" | "cut" | "coupon" | "rank";
                            priceCents?: number;
                            teamHours?: number;
                            tiers: {
                                at: number;
                                reward: string;
                            }[];
                        };
                        /** Format: date-time */
                        startsAt?: string;
                        stock: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CampaignDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A campaign's funnel, leaderboard and rewards paid */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CampaignDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Makes a member a participant (once): their personal link and poster */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        memberId: number;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            link: string;
                            name: string;
                            participantId: number;
                            poster: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The fraud review queue: flagged referrals (held first) with their reasons, or those of one status */
        get: {
            parameters: {
                query?: {
                    status?: "flagged" | "pending" | "credited" | "withdrawn" | "held" | "rejected";
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["CampaignReferral"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/referrals/{referralId}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An operator's decision on a referral: release (credited), reject, or reopen (back to the rules); the reason is kept */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                    referralId: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        decision: "release" | "reject" | "reopen";
                        note: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "pending" | "credited" | "withdrawn" | "held" | "rejected";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pauses, resumes or ends a campaign */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "active" | "paused" | "ended";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CampaignDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkins/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check-in leaderboard: current streak, longest, total */
        get: {
            parameters: {
                query?: {
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    day?: string;
                    groupId?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CheckinLeaderboard"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/code-entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The approval queue: threshold entries waiting for an admin, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["CodeEntry"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/code-entries/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lets the visitor in (decided once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "pending" | "passed" | "rejected";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/code-entries/{id}/proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The poster screenshot an entry was submitted with */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/code-entries/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refuses the visitor (decided once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "pending" | "passed" | "rejected";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/code-tasks/{id}/done": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Marks an operator task of a code done */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live codes, newest first, with their figures */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                code: components["schemas"]["LiveCode"];
                                figures: components["schemas"]["CodeFigures"];
                                groups: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Creates a live code (group or staff code) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 1 */
                        creditPerJoin?: number;
                        expiresAt?: string | null;
                        /** @default 100 */
                        firstPhase?: number;
                        /** @default 350 */
                        hardCap?: number;
                        /**
                         * @default group
                         * @enum {string}
                         */
                        kind?: "group" | "staff";
                        name: string;
                        /** @default 7 */
                        retentionDays?: number;
                        /**
                         * @default fill_first
                         * @enum {string}
                         */
                        rule?: "fill_first" | "round_robin" | "by_source";
                        /** @description the default source of its joins: shop, poster, callback, post, … */
                        source: string;
                        staffSettings?: {
                            hours?: {
                                days: number[];
                                end: string;
                                start: string;
                            };
                            /** @default [] */
                            tags?: string[];
                        } | null;
                        /** @default 200 */
                        sweetSpotMax?: number;
                        /** @default 150 */
                        sweetSpotMin?: number;
                        template?: {
                            accountId: number;
                            /** @default [] */
                            admins?: number[];
                            capacity?: number;
                            namePattern: string;
                            /** @default  */
                            rules?: string;
                            /** @default  */
                            welcome?: string;
                        } | null;
                        /**
                         * @default {
                         *       "kind": "none"
                         *     }
                         */
                        threshold?: {
                            /** @enum {string} */
                            kind: "none";
                        } | {
                            /** @enum {string} */
                            kind: "form";
                            questions: {
                                key: string;
                                label: string;
                                options?: string[];
                                /** @default true */
                                required?: boolean;
                                tagPrefix?: string;
                            }[];
                        } | {
                            /** @default  */
                            instructions?: string;
                            /** @enum {string} */
                            kind: "poster";
                        } | {
                            /** @enum {string} */
                            kind: "approval";
                            /** @default [] */
                            questions?: {
                                key: string;
                                label: string;
                                options?: string[];
                                /** @default true */
                                required?: boolean;
                                tagPrefix?: string;
                            }[];
                        } | {
                            /** @default CNY */
                            currency?: string;
                            /** @enum {string} */
                            kind: "paid";
                            priceCents: number;
                            /** Format: uri */
                            shopUrl?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LiveCodeDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/codes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A live code with its pool, staff and figures */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LiveCodeDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Pauses or resumes a code, or changes its name, rule, expiry, threshold, template or credit */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        creditPerJoin?: number;
                        expiresAt?: string | null;
                        name?: string;
                        retentionDays?: number;
                        /** @enum {string} */
                        rule?: "fill_first" | "round_robin" | "by_source";
                        staffSettings?: {
                            hours?: {
                                days: number[];
                                end: string;
                                start: string;
                            };
                            /** @default [] */
                            tags?: string[];
                        } | null;
                        /** @enum {string} */
                        status?: "active" | "paused";
                        template?: {
                            accountId: number;
                            /** @default [] */
                            admins?: number[];
                            capacity?: number;
                            namePattern: string;
                            /** @default  */
                            rules?: string;
                            /** @default  */
                            welcome?: string;
                        } | null;
                        threshold?: {
                            /** @enum {string} */
                            kind: "none";
                        } | {
                            /** @enum {string} */
                            kind: "form";
                            questions: {
                                key: string;
                                label: string;
                                options?: string[];
                                /** @default true */
                                required?: boolean;
                                tagPrefix?: string;
                            }[];
                        } | {
                            /** @default  */
                            instructions?: string;
                            /** @enum {string} */
                            kind: "poster";
                        } | {
                            /** @enum {string} */
                            kind: "approval";
                            /** @default [] */
                            questions?: {
                                key: string;
                                label: string;
                                options?: string[];
                                /** @default true */
                                required?: boolean;
                                tagPrefix?: string;
                            }[];
                        } | {
                            /** @default CNY */
                            currency?: string;
                            /** @enum {string} */
                            kind: "paid";
                            priceCents: number;
                            /** Format: uri */
                            shopUrl?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LiveCodeDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/codes/{id}/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Adds a group to a group code's pool, with a new invite link (WeCom: join way) behind the code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        groupId: number;
                        /** @description by_source: the source this group is for */
                        source?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LiveCodeDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/codes/{id}/groups/{groupId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Takes a group out of routing (its members stay) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    groupId: number;
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LiveCodeDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/codes/{id}/open-group": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Opens the code's next group from its template now (or asks an operator to, where the platform cannot) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            groupId?: number;
                            /** @enum {string} */
                            outcome: "opened" | "task" | "already" | "no_template";
                            taskId?: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/codes/{id}/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enters a paid order by hand (what the shop webhook does); once per order id */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amountCents: number;
                        /** @default CNY */
                        currency?: string;
                        entryId: number;
                        orderId: string;
                        /** Format: date-time */
                        paidAt?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            outcome: "passed" | "duplicate" | "underpaid" | "unknown_entry";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/codes/{id}/qr.png": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The code's QR code as PNG (its public page's address) */
        get: {
            parameters: {
                query?: {
                    /** @description a source to put in the link: ?s= */
                    s?: string;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/codes/{id}/qr.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The code's QR code as SVG (its public page's address) */
        get: {
            parameters: {
                query?: {
                    /** @description a source to put in the link: ?s= */
                    s?: string;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/codes/{id}/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Adds a staff member to a staff code, with a WeCom contact way (联系我) of their own when the code's account is WeCom */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the WeCom account that makes the contact way */
                        accountId?: number;
                        /** @default false */
                        backup?: boolean;
                        /** @default 50 */
                        dailyCap?: number;
                        /** @description the staff member's WeCom userid */
                        platformUserId: string;
                        staffUserId: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LiveCodeDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/daily-card.png": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The daily card (日签) as a PNG: the day with its lunar date and holiday, a line, a member and their streak */
        get: {
            parameters: {
                query?: {
                    /** @description default: today in the workspace zone */
                    day?: string;
                    groupId?: number;
                    memberId?: number;
                    /** @description for a preview without a member */
                    name?: string;
                    text?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description image/png */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/digests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My weekly digests, newest first (made each Monday 08:00, workspace time) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                chatQueuedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                digest: components["schemas"]["WeeklyDigest"];
                                emailedAt: string | null;
                                id: number;
                                week: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/digests/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Last week's digest of the groups I see, computed now */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WeeklyDigest"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/experiments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A/B tests, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExperimentPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an A/B test (a draft: start it to send) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 0.05 */
                        alpha?: number;
                        /** @default professional */
                        category?: string;
                        /** @default 0 */
                        holdoutShare?: number;
                        name: string;
                        /**
                         * @default group
                         * @enum {string}
                         */
                        unit?: "group" | "member";
                        variants: {
                            name: string;
                            text: string;
                            /** @default 1 */
                            weight?: number;
                        }[];
                        /** @default 24 */
                        windowHours?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Experiment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/experiments/{id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Response, leaves and conversion per arm, the significance test and the verdict (zh-CN, en) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExperimentResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/experiments/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign groups or members to the variants and send them (holdouts get nothing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        groupIds?: number[];
                        layer?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            arms: {
                                [key: string]: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A table as CSV (UTF-8 with BOM) or XLSX: the rows of a GET route with its filters, all pages, streamed (audited) */
        get: {
            parameters: {
                query: {
                    /** @description JSON list of { key (dotted path in a row), label (header), values? (words for coded values) }; default: every field, headed by its path */
                    columns?: string;
                    format?: "csv" | "xlsx";
                    /** @description file name (without the date and extension) and sheet name */
                    name?: string;
                    /** @description where the rows are in the route's answer */
                    rows?: string;
                    /** @description the table's GET route with its query, e.g. /api/groups?health=quiet (limit and offset are set by the export) */
                    source: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file (text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/facets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Values in use, for filters and bulk actions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            groupTags: string[];
                            layers: string[];
                            memberTags: string[];
                            operators: {
                                id: number;
                                name: string;
                            }[];
                            purposes: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List groups with their figures (an operator: their groups) */
        get: {
            parameters: {
                query?: {
                    /** @description may repeat */
                    health?: ("healthy" | "quiet" | "silent" | "full")[];
                    layer?: string;
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                    operatorId?: number;
                    order?: "asc" | "desc";
                    purpose?: string;
                    /** @description part of the name, any case */
                    q?: string;
                    sort?: "name" | "size" | "messagesPerDay" | "activeMembers7d" | "createdAt";
                    /** @description may repeat */
                    stage?: ("new" | "growing" | "mature" | "declining" | "dormant")[];
                    tag?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One group with its series (default: the last 30 days; all=true: from its first event) */
        get: {
            parameters: {
                query?: {
                    /** @description from the first day with activity (instead of from) */
                    all?: "true" | "false";
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    from?: string;
                    /** @description day, week or month; default: chosen by the range (≤ 90 days: day; ≤ 2 years: week; longer: month) */
                    grain?: "day" | "week" | "month";
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    to?: string;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/best-time": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** When members respond: response-weighted activity by weekday × hour, top slots */
        get: {
            parameters: {
                query?: {
                    days?: number;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BestTime"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/invite-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The group's invite links with the joins through each */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["InviteLink"][];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Creates an invite link (WeCom: a join way) whose joins are attributed to its source and to you */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        memberLimit?: number;
                        name?: string;
                        requiresApproval?: boolean;
                        /** @description qr_code, post, shop_12, … */
                        source: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InviteLink"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/join-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Requests to join the group waiting for approval (Telegram invite links that create join requests), oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["JoinRequest"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/join-requests/{memberId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approves the member's request to join (done once: approving again changes nothing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                    memberId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "approved" | "declined";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/join-requests/{memberId}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Declines the member's request to join (done once: declining again changes nothing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                    memberId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "approved" | "declined";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members of a group, in it now first */
        get: {
            parameters: {
                query?: {
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GroupMemberPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/members/{memberId}/kick": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Removes a member from the group (they may come back through a link) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                    memberId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/members/{memberId}/mute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mutes a member of the group for a while */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                    memberId: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        minutes: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            until: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Posts a message to the group (WeCom: a mass-message task awaiting confirmation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Push"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/{id}/pushes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Posts made to the group through Qunyun, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Push"][];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/groups/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Tag, untag, set the layer of, or assign (admins) several groups */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        action: "tag" | "untag" | "setLayer";
                        ids: number[];
                        value: string;
                    } | {
                        /** @enum {string} */
                        action: "assign";
                        ids: number[];
                        value: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            updated: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invites/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an invitation is for (404 unknown, 410 used or expired) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "operator" | "viewer";
                            workspaceName: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invites/{token}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation as its email's account: a new account (name and password), or an existing one (its password, checked and throttled like a sign-in, or signed in as it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                email: string;
                                id: number;
                                name: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/kols": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** KOLs, top candidates from the reply and mention graph (30 days), and KOL coverage per group */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KolOverview"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/kols/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the KOL review and the trust levels now (they also run nightly) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            eliminated: number;
                            kept: number;
                            promoted: number;
                            trustDemoted: number;
                            trustPromoted: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/live-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live sessions, latest first */
        get: {
            parameters: {
                query?: {
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LiveSessionPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Plan a live session: its steps post on schedule within the message and time budget */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        groupIds: number[];
                        /** @default 35 */
                        maxMessages?: number;
                        /** @default 25 */
                        maxMinutes?: number;
                        startsAt: unknown;
                        steps: {
                            atMinute: number;
                            /** @enum {string} */
                            kind: "preview" | "opening" | "guest_talk" | "qa" | "perks";
                            messages: string[];
                        }[];
                        title: string;
                    } | {
                        groupIds: number[];
                        guest: string;
                        /** Format: date-time */
                        startsAt: string;
                        title: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LiveSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/live-sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A live session with its report (so far, while it runs) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LiveSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in (rate-limited per IP and per account) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                email: string;
                                id: number;
                                name: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logout/all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out everywhere: end every session of this user, in every workspace, and forget their other known devices */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description signed out everywhere */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List members (an operator: the members of their groups) */
        get: {
            parameters: {
                query?: {
                    /** @description only members in this group now */
                    groupId?: number;
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                    order?: "asc" | "desc";
                    /** @description part of the name, any case */
                    q?: string;
                    sort?: "name" | "lastActiveAt" | "messages30d" | "groups";
                    stage?: "new" | "active" | "silent" | "churned";
                    tag?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MemberPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One member's profile and timeline */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MemberDetail"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Erase a member's personal data: identities, names, tags, message texts; figures stay (audited, cannot be undone) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description "ERASE", to say it is meant
                         * @enum {string}
                         */
                        confirm: "ERASE";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MemberErasure"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything held about a member, as one JSON document (a download; audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MemberExport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The members linked to this one as the same person (other platforms, other accounts) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["LinkedMember"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Links another member to this one as the same person (a ban of either covers both, on every platform; audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        memberId: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description every member of the person now */
                            linked: number[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a member's tags */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tags: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tags: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/trust": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A member's trust level with its reasons and history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MemberTrust"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{id}/unlink": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Takes this member out of the person they are linked to (audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/bulk-tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add and remove tags on several members */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default [] */
                        add?: string[];
                        ids: number[];
                        /** @default [] */
                        remove?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            updated: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members' appeals, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                    state?: "open" | "accepted" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModerationAppealPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/appeals/{id}/decide": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accepts (undoes the decision) or rejects an appeal */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accept: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            decisionId: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/bans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's ban list (active bans; all=true with lifted ones) */
        get: {
            parameters: {
                query?: {
                    all?: "true" | "false";
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModerationBanPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Bans a person from every group of the workspace, on every platform (removed where they are now) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        memberId: number;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created: boolean;
                            id: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/bans.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active bans as CSV (platform,user_id,member_id,reason,created_at) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/bans/{id}/lift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lifts a ban (the platforms unban the person) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/bans/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Imports a ban list CSV (the export format; member_id and created_at optional) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        csv: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            already: number;
                            banned: number;
                            rejected: {
                                line: number;
                                reason: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The moderation queue: decisions with their evidence, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                    rule?: string;
                    /** @description open = review, task, or with an open appeal */
                    state?: "open" | "applied" | "review" | "task" | "confirmed" | "undone";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModerationDecisionPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/decisions/{id}/appeal-link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Makes the link of the public appeal page for this decision (an earlier link stops working); optionally sends it to the member */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description send it to the member in a private message (Telegram: only if they started the bot)
                         * @default false
                         */
                        send?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sent: boolean;
                            url: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/decisions/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirms a decision (a review is carried out on the ladder); its text becomes a spam example */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/decisions/{id}/not-spam": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Marks a decision a false positive: undone as above and labelled not spam for the classifier */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/decisions/{id}/undo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Undoes a decision: unmute, unban, restore the message; its text becomes a "not spam" example */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rules in force and the versions (newest first) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            current: {
                                ladder: unknown;
                                options: unknown;
                                rules: unknown;
                            };
                            examples: {
                                ham: number;
                                spam: number;
                            };
                            inForce: number | null;
                            versions: components["schemas"]["ModerationRuleVersion"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Saves a new version of the rules as a draft (not in force until enabled) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ladder: {
                            /**
                             * @description a ladder of its own for a rule id
                             * @default {}
                             */
                            byRule?: {
                                [key: string]: {
                                    /**
                                     * @description strikes older than this no longer count
                                     * @default 72
                                     */
                                    resetAfterHours?: number;
                                    /** @description step N is taken at the Nth strike; later strikes repeat the last step */
                                    steps: {
                                        /**
                                         * @description remove and put on the workspace ban list (every group, every platform)
                                         * @default false
                                         */
                                        ban?: boolean;
                                        /**
                                         * @description delete the message
                                         * @default true
                                         */
                                        delete?: boolean;
                                        /**
                                         * @description remove from the group (they may come back)
                                         * @default false
                                         */
                                        kick?: boolean;
                                        /** @description mute for this long */
                                        muteMinutes?: number;
                                        /**
                                         * @description warn in the group, naming the member
                                         * @default false
                                         */
                                        warn?: boolean;
                                    }[];
                                };
                            };
                            default: {
                                /**
                                 * @description strikes older than this no longer count
                                 * @default 72
                                 */
                                resetAfterHours?: number;
                                /** @description step N is taken at the Nth strike; later strikes repeat the last step */
                                steps: {
                                    /**
                                     * @description remove and put on the workspace ban list (every group, every platform)
                                     * @default false
                                     */
                                    ban?: boolean;
                                    /**
                                     * @description delete the message
                                     * @default true
                                     */
                                    delete?: boolean;
                                    /**
                                     * @description remove from the group (they may come back)
                                     * @default false
                                     */
                                    kick?: boolean;
                                    /** @description mute for this long */
                                    muteMinutes?: number;
                                    /**
                                     * @description warn in the group, naming the member
                                     * @default false
                                     */
                                    warn?: boolean;
                                }[];
                            };
                        };
                        note?: string;
                        options: {
                            /**
                             * @default {
                             *       "enabled": false,
                             *       "url": "https://api.cas.chat/check?user_id={id}",
                             *       "cacheMinutes": 60
                             *     }
                             */
                            cas?: {
                                /** @default 60 */
                                cacheMinutes?: number;
                                /** @default false */
                                enabled?: boolean;
                                /**
                                 * Format: uri
                                 * @description {id} is the Telegram user id; the answer is JSON with ok: true when the user is banned
                                 * @default https://api.cas.chat/check?user_id={id}
                                 */
                                url?: string;
                            };
                            /**
                             * @description members with this many clean messages skip content checks (never flood and duplicate checks)
                             * @default 20
                             */
                            trustAfterCleanMessages?: number;
                            /**
                             * @default {
                             *       "enabled": false,
                             *       "mode": "button",
                             *       "byGroup": {},
                             *       "questionPrompt": "欢迎 {name}！请在 {minutes} 分钟内直接在群里回答：{question} 答错或超时将被移出本群。 Welcome {name}! Within {minutes} minutes, answer in the group: {question} A wrong answer or no answer removes you.",
                             *       "minutes": 5,
                             *       "button": "我不是机器人 / I am human",
                             *       "prompt": "欢迎 {name}！请在 {minutes} 分钟内点击下方按钮完成验证，否则将被移出本群。 Welcome {name}! Press the button within {minutes} minutes or you will be removed."
                             *     }
                             */
                            verification?: {
                                /** @default 我不是机器人 / I am human */
                                button?: string;
                                /** @default {} */
                                byGroup?: {
                                    [key: string]: {
                                        answers: string[];
                                        question: string;
                                    };
                                };
                                /** @default false */
                                enabled?: boolean;
                                /**
                                 * @description how long a newcomer has to verify before being removed
                                 * @default 5
                                 */
                                minutes?: number;
                                /**
                                 * @default button
                                 * @enum {string}
                                 */
                                mode?: "button" | "question";
                                /** @default 欢迎 {name}！请在 {minutes} 分钟内点击下方按钮完成验证，否则将被移出本群。 Welcome {name}! Press the button within {minutes} minutes or you will be removed. */
                                prompt?: string;
                                question?: {
                                    answers: string[];
                                    question: string;
                                };
                                /** @default 欢迎 {name}！请在 {minutes} 分钟内直接在群里回答：{question} 答错或超时将被移出本群。 Welcome {name}! Within {minutes} minutes, answer in the group: {question} A wrong answer or no answer removes you. */
                                questionPrompt?: string;
                            };
                            /** @default @{name} 请遵守群规（{rule}），第 {strike} 次警告。 Please follow the group rules ({rule}); warning {strike}. */
                            warning?: string;
                        };
                        /** @description the engine's rule set (builtins + the workspace's rules) */
                        rules: {
                            builtins?: boolean;
                            rules?: {
                                /** @enum {string} */
                                action?: "allow" | "review" | "delete" | "warn" | "mute" | "kick" | "ban";
                                /** @enum {string} */
                                category: "ads" | "poaching" | "gambling" | "vulgarity" | "scam" | "links" | "flood" | "duplicate" | "newcomer" | "qrcode" | "miniprogram" | "spam" | "custom";
                                /** @enum {string} */
                                detector: "keywords" | "links" | "contact" | "flood" | "duplicate" | "newcomer" | "images" | "classifier";
                                enabled?: boolean;
                                exclude?: string[];
                                id: string;
                                keywords?: string[];
                                name?: string;
                                options?: {
                                    allowDomains?: string[];
                                    allowMiniPrograms?: string[];
                                    maxMessages?: number;
                                    maxShort?: number;
                                    minChars?: number;
                                    minMembers?: number;
                                    minutes?: number;
                                    shortChars?: number;
                                    threshold?: number;
                                    windowSeconds?: number;
                                };
                                /** @enum {string} */
                                pinyin?: "none" | "full" | "initials";
                                /** @enum {string} */
                                severity?: "low" | "medium" | "high";
                            }[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModerationRuleVersion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/rules/{version}/dry-run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Runs a version over the last N days of stored messages: what it would have done, by category, with examples */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    version: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 7 */
                        days?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModerationDryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/rules/{version}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Puts a version in force (an older one rolls back) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModerationRuleVersion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/moderation/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per rule: hits per day and undo rate over the last N days */
        get: {
            parameters: {
                query?: {
                    days?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ModerationRuleStats"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Orders paid in the range with the member matched and what each is attributed to (group, push, live code, campaign) */
        get: {
            parameters: {
                query?: {
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    from?: string;
                    /** @description unmatched: not for operators */
                    status?: "all" | "matched" | "unmatched";
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Order"][];
                            range: {
                                /** @description YYYY-MM-DD in the workspace time zone */
                                from: string;
                                /** @description YYYY-MM-DD in the workspace time zone */
                                to: string;
                            };
                            windowDays: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/costs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Costs set for campaigns, live codes and groups (an operator: their groups only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                costCents: number;
                                /** @enum {string} */
                                kind: "campaign" | "code" | "group";
                                name: string;
                                note: string | null;
                                targetId: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Sets the cost of a campaign, live code or group (null removes it), in cents */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        costCents: number | null;
                        /** @enum {string} */
                        kind: "campaign" | "code" | "group";
                        note?: string;
                        targetId: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Maps a shop's customer id or a phone number to a member; unmatched orders that carry it are matched */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "customer_id" | "phone";
                        memberId: number;
                        value: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            matched: number;
                            value: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Imports a shop's orders from CSV or XLSX: all or nothing; a row with an error is named with its column and what was wrong; an order id stored before is skipped */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description csv: the text; xlsx: the file in base64 */
                        content: string;
                        fileName?: string;
                        /** @enum {string} */
                        format: "csv" | "xlsx";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description up to 20 order ids stored before */
                            duplicateIds: string[];
                            duplicates: number;
                            matched: number;
                            rows: number;
                            stored: number;
                            unmatched: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/roi": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** ROI per referral campaign, live code and group: revenue attributed (last touch within the window) against the cost set */
        get: {
            parameters: {
                query?: {
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    from?: string;
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            byCampaign: components["schemas"]["RoiRow"][];
                            byCode: components["schemas"]["RoiRow"][];
                            byGroup: components["schemas"]["RoiRow"][];
                            range: {
                                /** @description YYYY-MM-DD in the workspace time zone */
                                from: string;
                                /** @description YYYY-MM-DD in the workspace time zone */
                                to: string;
                            };
                            totals: {
                                attributedToGroup: number;
                                buyers: number;
                                orders: number;
                                revenueCents: number;
                                /** @description orders of the range no member was found for */
                                unmatched: number;
                            };
                            windowDays: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The order webhook's address and secret, and the attribution window */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description how to sign a delivery */
                            signature: string;
                            webhookPath: string;
                            webhookSecret: string;
                            windowDays: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Changes the attribution window, or replaces the webhook secret (the old one stops working at once) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        rotateSecret?: boolean;
                        windowDays?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description how to sign a delivery */
                            signature: string;
                            webhookPath: string;
                            webhookSecret: string;
                            windowDays: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Totals of a period against the period before, and the series by day, week or month */
        get: {
            parameters: {
                query?: {
                    /** @description from the first day with activity (instead of from) */
                    all?: "true" | "false";
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    from?: string;
                    /** @description day, week or month; default: chosen by the range (≤ 90 days: day; ≤ 2 years: week; longer: month) */
                    grain?: "day" | "week" | "month";
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description the grain of the series
                             * @enum {string}
                             */
                            grain: "day" | "week" | "month";
                            previous: components["schemas"]["Totals"];
                            range: {
                                /**
                                 * Format: date
                                 * @description YYYY-MM-DD in the workspace time zone
                                 */
                                from: string;
                                /**
                                 * Format: date
                                 * @description YYYY-MM-DD in the workspace time zone
                                 */
                                to: string;
                            };
                            series: {
                                /** @description distinct members who wrote in the point's days */
                                activeMembers: number;
                                /**
                                 * Format: date
                                 * @description first day of the point (day, week or month) within the range
                                 */
                                day: string;
                                /**
                                 * Format: date
                                 * @description its last day within the range
                                 */
                                end: string;
                                joins: number;
                                leaves: number;
                                messages: number;
                                /** @description the point holds today: not over yet */
                                partial: boolean;
                            }[];
                            totals: components["schemas"]["Totals"];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password (the current one is checked like a sign-in); signs out your other sessions and forgets your other known devices */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description changed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/calendar/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An operator's calendar as iCal (text/calendar), behind its secret */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/campaigns/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A campaign's public facts (the page's JSON twin): rewards, stock, leaderboard and rewards paid, names masked */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            credited: number;
                            kind: string;
                            leaderboard: {
                                count: number;
                                name: string;
                                rank: number;
                            }[];
                            name: string;
                            open: boolean;
                            participants: number;
                            proof: {
                                recent: {
                                    /** Format: date-time */
                                    at: string;
                                    name: string;
                                    reward: string;
                                }[];
                                total: number;
                            };
                            stock: number;
                            stockTotal: number;
                            tiers: {
                                at: number;
                                reward: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/codes/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A live code's public facts (name, kind, threshold) for its page */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            kind: "group" | "staff";
                            name: string;
                            threshold: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/codes/{slug}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submits the visitor's way through the threshold: form answers, a poster screenshot, an approval request or an order to pay */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default {} */
                        answers?: {
                            [key: string]: string;
                        };
                        name: string;
                        proof?: {
                            /** Format: byte */
                            base64: string;
                            /** @enum {string} */
                            type: "image/png" | "image/jpeg";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            shopUrl?: string;
                            /** @enum {string} */
                            status: "pending" | "passed" | "rejected";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/codes/{slug}/route": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Routes the visitor (the JSON twin of the page): a seat in a group, a staff member, or why not */
        get: {
            parameters: {
                query?: {
                    lang?: "zh-CN" | "en";
                    /** @description the source (shop_12, poster, …); the code's own when absent */
                    s?: string;
                    /** @description a visitor id, for clients without cookies */
                    v?: string;
                };
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CodeRouteAnswer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pushes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pushes, newest first, with reach per channel, response and fatigue */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["PushCampaign"][];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create and schedule a push: its deliveries are queued in the outbox */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        /** @enum {string} */
                        category: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                        channels: ("group_post" | "private_message" | "announcement")[];
                        /**
                         * @description guard rules lifted for this push, with the reason (admins; audited)
                         * @default null
                         */
                        guardOverride?: components["schemas"]["GuardOverrideInput"] | null;
                        libraryId?: number;
                        /** @default [] */
                        media?: components["schemas"]["PushMediaInput"][];
                        /**
                         * Format: date-time
                         * @description default: now
                         */
                        scheduledAt?: string;
                        targets: components["schemas"]["PushTargetsInput"];
                        title: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: number;
                            id: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pushes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One push: reach, response, fatigue and the WeCom confirmation state per staff member */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            body: string;
                            /** @enum {string} */
                            category: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                            channels: ("group_post" | "private_message" | "announcement")[];
                            confirmations: components["schemas"]["PushConfirmation"][];
                            /** Format: date-time */
                            createdAt: string;
                            deliveries: number;
                            guardOverride: components["schemas"]["GuardOverride"] | null;
                            id: number;
                            reach: components["schemas"]["PushReach"][];
                            response: components["schemas"]["PushResponse"];
                            /** Format: date-time */
                            scheduledAt: string;
                            state: string;
                            targets: components["schemas"]["PushTargets"];
                            title: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pushes/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a push: deliveries not yet sent are skipped */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cancelled: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pushes/guard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Guard rails: frequency caps, quiet hours, holidays, activity days */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            defaults: components["schemas"]["GuardSettings"];
                            settings: components["schemas"]["GuardSettings"];
                            timezone: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Change the guard rails (audited, with what changed) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["GuardSettingsInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pushes/library": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The content library (topics and templates) */
        get: {
            parameters: {
                query?: {
                    category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                    tag?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["PushContent"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add content to the library */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        /** @enum {string} */
                        category: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                        /** @default [] */
                        media?: components["schemas"]["PushMediaInput"][];
                        /** @default [] */
                        tags?: string[];
                        title: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PushContent"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pushes/library/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change content of the library */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        /** @enum {string} */
                        category: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                        /** @default [] */
                        media?: components["schemas"]["PushMediaInput"][];
                        /** @default [] */
                        tags?: string[];
                        title: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PushContent"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Remove content from the library */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/review/engagement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Response to each post and activity, and chatter per group (复盘) */
        get: {
            parameters: {
                query?: {
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    from?: string;
                    /** @description only this group */
                    groupId?: number;
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    to?: string;
                    windowMinutes?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description when the figures were computed (stored reports are refreshed in the background: docs/review.md) */
                            computedAt: string;
                            groups: {
                                chatter: number;
                                chatterRatio: number;
                                groupId: number;
                                messages: number;
                                name: string;
                            }[];
                            posts: {
                                at: string;
                                audience: number;
                                breadth: number;
                                entries: number;
                                firstResponseSeconds: number | null;
                                groupId: number;
                                hunters: number;
                                key: string;
                                /** @enum {string} */
                                kind: "push" | "poll" | "quiz" | "draw";
                                reactions: number;
                                replies: number;
                                responders: number;
                                title: string;
                            }[];
                            range: {
                                /** @description YYYY-MM-DD in the workspace time zone */
                                from: string;
                                /** @description YYYY-MM-DD in the workspace time zone */
                                to: string;
                            };
                            summary: {
                                breadth: number;
                                hunters: number;
                                medianFirstResponseSeconds: number | null;
                                posts: number;
                                responseRate: number;
                            };
                            windowMinutes: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/review/funnels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Scanned → joined → first message → active at W1 → converted, by source and by live code; referral coefficient; KOL coverage */
        get: {
            parameters: {
                query?: {
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    from?: string;
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            byCode: {
                                activeW1: number;
                                /** @description paid a matched order after joining (src/orders) */
                                converted: number;
                                convertedRate: number;
                                firstMessage: number;
                                firstMessageRate: number;
                                joined: number;
                                key: string;
                                name: string;
                                /** @description routed by the live code; null for a source */
                                scanned: number | null;
                                w1Eligible: number;
                                w1Rate: number | null;
                            }[];
                            bySource: components["schemas"]["FunnelRow"][];
                            /** @description when the figures were computed (stored reports are refreshed in the background: docs/review.md) */
                            computedAt: string;
                            /** @description joins of the range whose member paid a matched order after joining */
                            converted: {
                                members: number;
                                rate: number;
                            };
                            kolCoverage: {
                                groups: number;
                                share: number;
                                withKol: number;
                            };
                            range: {
                                /** @description YYYY-MM-DD in the workspace time zone */
                                from: string;
                                /** @description YYYY-MM-DD in the workspace time zone */
                                to: string;
                            };
                            referral: {
                                k: number;
                                other: number;
                                referred: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/review/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** ISOOC health score per group with its parts, and the dead-group early warnings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description when the figures were computed (stored reports are refreshed in the background: docs/review.md) */
                            computedAt: string;
                            groups: {
                                groupId: number;
                                members: number;
                                name: string;
                                parts: components["schemas"]["HealthPart"][];
                                score: number;
                                warning: components["schemas"]["DeadGroupWarning"] | null;
                            }[];
                            /** @description YYYY-MM-DD in the workspace time zone */
                            today: string;
                            warnings: {
                                ageDays: number;
                                alert: boolean;
                                groupId: number;
                                name: string;
                                reasonCodes: {
                                    code: string;
                                    values: {
                                        [key: string]: number;
                                    };
                                }[];
                                /** @description in English */
                                reasons: string[];
                                /** @description 0–1: chance the group is silent by day 30 */
                                risk: number;
                                signals: {
                                    activeDays: number;
                                    joins: number;
                                    lateMessages: number;
                                    lateWriters: number;
                                    leaves: number;
                                    messages: number;
                                    trend: number;
                                    writers: number;
                                };
                                suggestion: {
                                    /** @enum {string} */
                                    code: "dailyTopic" | "welcome";
                                    rule: {
                                        actions: {
                                            [key: string]: unknown;
                                        }[];
                                        name: string;
                                        trigger: {
                                            [key: string]: unknown;
                                        };
                                    };
                                    title: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/review/kpis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Operator KPIs: retention (W1 of newcomers), response rate to posts, conversion (buyers ÷ members) and task completion (pushes sent, calendar entries done) per group and per operator, with the leaderboard (an operator: their own) */
        get: {
            parameters: {
                query?: {
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    from?: string;
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            groups: {
                                activities: number;
                                answered: number;
                                buyers: number;
                                conversion: number | null;
                                groupId: number;
                                members: number;
                                name: string;
                                newcomers: number;
                                operatorId: number | null;
                                operatorName: string | null;
                                orders: number;
                                posts: number;
                                pushes: number;
                                pushesSent: number;
                                responseRate: number | null;
                                retention: number | null;
                                revenueCents: number;
                                taskCompletion: number | null;
                                w1Eligible: number;
                                w1Retained: number;
                            }[];
                            operators: {
                                activities: number;
                                calendarDone: number;
                                calendarDue: number;
                                conversion: components["schemas"]["KpiRate"];
                                groups: number;
                                members: number;
                                name: string;
                                newcomers: number;
                                orders: number;
                                rank: number | null;
                                responseRate: components["schemas"]["KpiRate"];
                                retention: components["schemas"]["KpiRate"];
                                revenueCents: number;
                                /** @description 0–100: mean percentile rank on the four rates */
                                score: number | null;
                                taskCompletion: components["schemas"]["KpiRate"];
                                userId: number;
                            }[];
                            range: {
                                /** @description YYYY-MM-DD in the workspace time zone */
                                from: string;
                                /** @description YYYY-MM-DD in the workspace time zone */
                                to: string;
                            };
                            /** @description YYYY-MM-DD in the workspace time zone */
                            today: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/review/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Recompute one 复盘 report now (the reads serve the stored one, refreshed in the background) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description the parameters of the read to refresh (the same as its query) */
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: date
                         * @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31
                         */
                        from?: string;
                        /**
                         * @default week
                         * @enum {string}
                         */
                        grain?: "week" | "month";
                        groupId?: number;
                        /** @enum {string} */
                        kind: "engagement" | "retention" | "funnels" | "health";
                        /**
                         * Format: date
                         * @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31
                         */
                        to?: string;
                        /** @default 120 */
                        windowMinutes?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description when the figures were computed (stored reports are refreshed in the background: docs/review.md) */
                            computedAt: string;
                            computeMs: number;
                            /** @enum {string} */
                            kind: "engagement" | "retention" | "funnels" | "health";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/review/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cohorts by join week or month and source (D1/W1/M1, curves), monthly writers, core members, retention across a pause */
        get: {
            parameters: {
                query?: {
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    from?: string;
                    grain?: "week" | "month";
                    /** @description only this group */
                    groupId?: number;
                    /** @description YYYY-MM-DD in the workspace time zone, from 1970-01-01 to 2100-12-31 */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bySource: {
                                d1: components["schemas"]["RetentionRate"];
                                m1: components["schemas"]["RetentionRate"];
                                size: number;
                                source: string;
                                w1: components["schemas"]["RetentionRate"];
                            }[];
                            cohorts: {
                                /** @description YYYY-MM-DD in the workspace time zone */
                                cohort: string;
                                curve: (number | null)[];
                                d1: components["schemas"]["RetentionRate"];
                                m1: components["schemas"]["RetentionRate"];
                                size: number;
                                w1: components["schemas"]["RetentionRate"];
                            }[];
                            /** @description when the figures were computed (stored reports are refreshed in the background: docs/review.md) */
                            computedAt: string;
                            core: {
                                /** @description YYYY-MM-DD in the workspace time zone */
                                lastDay: string;
                                memberId: number;
                                messages: number;
                                silent: boolean;
                                silentDays: number;
                            }[];
                            /** @description writers in the range */
                            coreOf: number;
                            gap: {
                                before: number;
                                cameBack: number;
                                days: number;
                                /** @description YYYY-MM-DD in the workspace time zone */
                                from: string;
                                newAfter: number;
                                rate: number | null;
                                /** @description YYYY-MM-DD in the workspace time zone */
                                to: string;
                            } | null;
                            /** @enum {string} */
                            grain: "week" | "month";
                            monthly: {
                                /** @description YYYY-MM-DD in the workspace time zone */
                                month: string;
                                new: number;
                                returning: number;
                                writers: number;
                            }[];
                            range: {
                                /** @description YYYY-MM-DD in the workspace time zone */
                                from: string;
                                /** @description YYYY-MM-DD in the workspace time zone */
                                to: string;
                            };
                            /** @description YYYY-MM-DD in the workspace time zone */
                            today: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user, their current workspace and role (401 when signed out) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            role: "owner" | "admin" | "operator" | "viewer";
                            user: {
                                email: string;
                                id: number;
                                name: string;
                            };
                            workspace: {
                                id: number;
                                name: string;
                                slug: string;
                                timezone: string;
                            };
                            workspaces: {
                                id: number;
                                name: string;
                                /** @enum {string} */
                                role: "owner" | "admin" | "operator" | "viewer";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/workspace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Switch the session to another of your workspaces */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        workspaceId: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the first owner is still to be created; in demo mode, the demo sign-in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description only when serving with --demo: the sign-in the sign-in page shows */
                            demo?: {
                                email: string;
                                password: string;
                            };
                            needsSetup: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create the first owner and sign them in (only while no user exists) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name: string;
                        password: string;
                        workspaceName: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                email: string;
                                id: number;
                                name: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Staff of the workspace */
        get: {
            parameters: {
                query?: {
                    /** @description items per page, at most 200 */
                    limit?: number;
                    /** @description items to skip */
                    offset?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StaffPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff-statements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A month's statement per staff member: attributed joins, credited after the retention days, credit */
        get: {
            parameters: {
                query: {
                    month: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            lines: components["schemas"]["StatementLine"][];
                            month: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff-statements.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A month's staff statement as CSV (UTF-8 with BOM, opens in Excel) */
        get: {
            parameters: {
                query: {
                    lang?: "zh-CN" | "en";
                    month: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff-statements.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A month's staff statement as an Excel workbook: a sheet of lines per staff member, a sheet of joins per source */
        get: {
            parameters: {
                query: {
                    lang?: "zh-CN" | "en";
                    month: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the .xlsx file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a staff member from the workspace */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a staff member's role */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "owner" | "admin" | "operator" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Staff"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/staff/invites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invite someone by link (single use, expires in 7 days) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "operator" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt: string;
                            url: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/welcome/{groupId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A group's welcome settings, pending newcomers and recent batches */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    groupId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WelcomeSettingsPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Set a group's welcome ritual */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    groupId: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description … or this many minutes after the first newcomer waiting
                         * @default 10
                         */
                        batchMinutes?: number;
                        /**
                         * @description one welcome per this many joins …
                         * @default 5
                         */
                        batchSize?: number;
                        /** @default true */
                        enabled?: boolean;
                        /** @default 新朋友 {names} 刚加入「{group}」，请去打个招呼～ */
                        greetingTemplate?: string;
                        /** @default 请按「城市-姓名-行业」的格式做个自我介绍吧～ */
                        introPrompt?: string;
                        /**
                         * @description a join reported more than a day late is still welcomed when at most this many days old and the member is still in the group
                         * @default 3
                         */
                        lateJoinDays?: number;
                        /**
                         * @description empty: no check; "城市-姓名-行业": that many parts joined by "-"; "/regex/": a regular expression
                         * @default
                         */
                        nicknamePattern?: string;
                        /** @default {names}，请把群昵称改为「{format}」的格式，方便大家认识你。 */
                        nicknameReminder?: string;
                        /** @default  */
                        purpose?: string;
                        /**
                         * @description URL or short text of the group rules
                         * @default
                         */
                        rulesLink?: string;
                        /**
                         * @description seed members who get a greeting task for each batch
                         * @default []
                         */
                        seedMemberIds?: number[];
                        /**
                         * @default 欢迎 {names} 加入「{group}」！{purpose}
                         *     群规：{rules}
                         */
                        template?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description … or this many minutes after the first newcomer waiting
                             * @default 10
                             */
                            batchMinutes: number;
                            /**
                             * @description one welcome per this many joins …
                             * @default 5
                             */
                            batchSize: number;
                            /** @default true */
                            enabled: boolean;
                            /** @default 新朋友 {names} 刚加入「{group}」，请去打个招呼～ */
                            greetingTemplate: string;
                            /** @default 请按「城市-姓名-行业」的格式做个自我介绍吧～ */
                            introPrompt: string;
                            /**
                             * @description a join reported more than a day late is still welcomed when at most this many days old and the member is still in the group
                             * @default 3
                             */
                            lateJoinDays: number;
                            /**
                             * @description empty: no check; "城市-姓名-行业": that many parts joined by "-"; "/regex/": a regular expression
                             * @default
                             */
                            nicknamePattern: string;
                            /** @default {names}，请把群昵称改为「{format}」的格式，方便大家认识你。 */
                            nicknameReminder: string;
                            /** @default  */
                            purpose: string;
                            /**
                             * @description URL or short text of the group rules
                             * @default
                             */
                            rulesLink: string;
                            /**
                             * @description seed members who get a greeting task for each batch
                             * @default []
                             */
                            seedMemberIds: number[];
                            /**
                             * @default 欢迎 {names} 加入「{group}」！{purpose}
                             *     群规：{rules}
                             */
                            template: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/welcome/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent welcome batches with their delivery (failed ones first to fix) */
        get: {
            parameters: {
                query?: {
                    /** @description only batches whose welcome failed */
                    failed?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["WelcomeBatch"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current workspace */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Workspace"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename the workspace, change its time zone (the figures are then recomputed in the background: see recompute) or its health and stage thresholds */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        health?: {
                            fullRatio?: number;
                            quietMessagesPerDay?: number;
                            silentDays?: number;
                        };
                        name?: string;
                        /** @description thresholds of a group's stage (docs/group-stage.md) */
                        stage?: {
                            dormantDays?: number;
                            newDays?: number;
                            sizeShare?: number;
                            trendShare?: number;
                        };
                        timezone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Workspace"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/c/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A live code's public page: the threshold form, or the group / staff member to join */
        get: {
            parameters: {
                query?: {
                    lang?: "zh-CN" | "en";
                    /** @description the source (shop_12, poster, …); the code's own when absent */
                    s?: string;
                    /** @description a visitor id, for clients without cookies */
                    v?: string;
                };
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/k/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A referral campaign's public page: rewards, progress, leaderboard, rewards paid (names masked) */
        get: {
            parameters: {
                query?: {
                    lang?: "zh-CN" | "en";
                };
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/k/{slug}/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A participant's referral link: routes the friend through the campaign's live code and shows the inviter's progress */
        get: {
            parameters: {
                query?: {
                    lang?: "zh-CN" | "en";
                };
                header?: never;
                path: {
                    slug: string;
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/k/{slug}/{token}/poster.png": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A participant's poster (PNG): campaign art, their name, the QR code of their link */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database answers and is migrated */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reason?: string;
                            /** @enum {string} */
                            status: "ready" | "unavailable";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reason?: string;
                            /** @enum {string} */
                            status: "ready" | "unavailable";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/codes/{slug}/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A shop system's paid order for a paid code: JSON signed with HMAC-SHA256 of the code's webhook secret in x-qunyun-signature (sha256=<hex>); once per order id */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    slug: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            outcome: "passed" | "duplicate" | "underpaid" | "unknown_entry";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/orders/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A shop system's paid order (JSON: orderId, amount, currency, paidAt, platformUserId | phone | customerId), signed: x-qunyun-timestamp: unix seconds; x-qunyun-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the secret>; within 5 minutes; once per order id */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            matched: boolean;
                            /** @enum {string} */
                            outcome: "stored" | "duplicate";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/sandbox/{accountId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A signed delivery from the sandbox platform */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            /** @description the native update batch, signed with HMAC-SHA256 */
            requestBody: {
                content: {
                    "application/json": string;
                };
            };
            responses: {
                /** @description the connector's answer to the platform */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/telegram/{accountId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An update from the Telegram Bot API (X-Telegram-Bot-Api-Secret-Token checked) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            /** @description one Telegram Update, JSON */
            requestBody: {
                content: {
                    "application/json": string;
                };
            };
            responses: {
                /** @description the connector's answer to the platform */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/wecom/{accountId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** WeCom callback URL verification: answers the decrypted echostr */
        get: {
            parameters: {
                query?: {
                    echostr?: string;
                    msg_signature?: string;
                    nonce?: string;
                    timestamp?: string;
                };
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the connector's answer to the platform */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        put?: never;
        /** An encrypted WeCom callback event */
        post: {
            parameters: {
                query?: {
                    echostr?: string;
                    msg_signature?: string;
                    nonce?: string;
                    timestamp?: string;
                };
                header?: never;
                path: {
                    accountId: number;
                };
                cookie?: never;
            };
            /** @description <xml><Encrypt>…</Encrypt></xml> */
            requestBody: {
                content: {
                    "application/json": string;
                };
            };
            responses: {
                /** @description the connector's answer to the platform */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Account: {
            /** @description WeCom: when the callback URL last passed WeCom's URL verification; null: not yet */
            callbackVerifiedAt?: string | null;
            /** @description what Qunyun can do through this account: receiveMessages, sendMessages, mute, kick, inviteLinks, … */
            capabilities: string[];
            /** @description the last error, when status is error */
            error?: string;
            externalId: string;
            /** @description why the account is in error, as a code the console translates (wecom_ip_not_allowed, wecom_clock_skew, …) */
            fault?: {
                code: string;
                params?: {
                    [key: string]: string | number;
                };
            };
            groups: number;
            id: number;
            lastEventAt: string | null;
            name: string;
            platform: string;
            /** @description when an account in error is tried again (null: not until its settings change), and how many tries failed in a row */
            retry?: {
                attempts: number;
                nextAt: string | null;
            };
            /** @description the config without its secrets */
            settings: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "active" | "error" | "disabled";
            /** @description what the platform cannot do, with its reason and what to do instead */
            unsupported: {
                capability: string;
                instead?: string;
                reason: string;
            }[];
            /** @description where the platform delivers (for WeCom: the callback URL to enter in the app settings) */
            webhookUrl?: string;
        };
        AccountInput: {
            /** @description WeCom: when the callback URL last passed WeCom's URL verification; null: not yet */
            callbackVerifiedAt?: string | null;
            /** @description what Qunyun can do through this account: receiveMessages, sendMessages, mute, kick, inviteLinks, … */
            capabilities: string[];
            /** @description the last error, when status is error */
            error?: string;
            externalId: string;
            /** @description why the account is in error, as a code the console translates (wecom_ip_not_allowed, wecom_clock_skew, …) */
            fault?: {
                code: string;
                params?: {
                    [key: string]: string | number;
                };
            };
            groups: number;
            id: number;
            lastEventAt: string | null;
            name: string;
            platform: string;
            /** @description when an account in error is tried again (null: not until its settings change), and how many tries failed in a row */
            retry?: {
                attempts: number;
                nextAt: string | null;
            };
            /** @description the config without its secrets */
            settings: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "active" | "error" | "disabled";
            /** @description what the platform cannot do, with its reason and what to do instead */
            unsupported: {
                capability: string;
                instead?: string;
                reason: string;
            }[];
            /** @description where the platform delivers (for WeCom: the callback URL to enter in the app settings) */
            webhookUrl?: string;
        };
        Activity: {
            closedAt: string | null;
            closesAt: string | null;
            /** @description a draw's SHA-256 commitment, posted when it opened */
            commitment: string | null;
            config: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            createdAt: string;
            /** @description members who took part */
            entries: number;
            groupId: number;
            groupName: string;
            id: number;
            /** @enum {string} */
            kind: "poll" | "quiz" | "draw";
            result: {
                [key: string]: unknown;
            } | null;
            /** @description a draw's seed, revealed once it closed */
            seed: string | null;
            /** @enum {string} */
            state: "open" | "closed";
            title: string;
        };
        ActivityDetail: {
            activity: components["schemas"]["Activity"];
            /** @description the activity's posts and their delivery (outbox) */
            deliveries: components["schemas"]["OutboxDelivery"][];
            /** @description a closed draw re-run from its seed */
            verification: {
                ok: boolean;
                problems: string[];
                recomputedWinners: string[];
            } | null;
        };
        ActivityDetailInput: {
            activity: components["schemas"]["ActivityInput"];
            /** @description the activity's posts and their delivery (outbox) */
            deliveries: components["schemas"]["OutboxDeliveryInput"][];
            /** @description a closed draw re-run from its seed */
            verification: {
                ok: boolean;
                problems: string[];
                recomputedWinners: string[];
            } | null;
        };
        ActivityInput: {
            closedAt: string | null;
            closesAt: string | null;
            /** @description a draw's SHA-256 commitment, posted when it opened */
            commitment: string | null;
            config: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            createdAt: string;
            /** @description members who took part */
            entries: number;
            groupId: number;
            groupName: string;
            id: number;
            /** @enum {string} */
            kind: "poll" | "quiz" | "draw";
            result: {
                [key: string]: unknown;
            } | null;
            /** @description a draw's seed, revealed once it closed */
            seed: string | null;
            /** @enum {string} */
            state: "open" | "closed";
            title: string;
        };
        ActivityPage: {
            items: components["schemas"]["Activity"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ActivityPageInput: {
            items: components["schemas"]["ActivityInput"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ApiKey: {
            /** Format: date-time */
            createdAt: string;
            createdBy: {
                id: number;
                name: string;
            } | null;
            id: number;
            lastUsedAt: string | null;
            name: string;
            /** @description the first characters of the secret, to tell keys apart */
            prefix: string;
            revokedAt: string | null;
        };
        ApiKeyInput: {
            /** Format: date-time */
            createdAt: string;
            createdBy: {
                id: number;
                name: string;
            } | null;
            id: number;
            lastUsedAt: string | null;
            name: string;
            /** @description the first characters of the secret, to tell keys apart */
            prefix: string;
            revokedAt: string | null;
        };
        AuditPage: {
            items: {
                action: string;
                actor: {
                    id: number;
                    name: string;
                } | null;
                /** @description group.assign: the staff member the groups were assigned to, by name */
                assigneeLabel?: string | null;
                /** Format: date-time */
                at: string;
                detail: {
                    [key: string]: unknown;
                } | null;
                id: number;
                ip: string | null;
                /** @description the member a group action (mute, kick, join request) was about, by name */
                memberLabel?: string | null;
                target: string;
                /** @description what the target names now (a group, member, user, account… name; a list: up to three names and +N); null when unknown */
                targetLabel: string | null;
            }[];
            /** @description items matching the filters, all pages */
            total: number;
        };
        AuditPageInput: {
            items: {
                action: string;
                actor: {
                    id: number;
                    name: string;
                } | null;
                /** @description group.assign: the staff member the groups were assigned to, by name */
                assigneeLabel?: string | null;
                /** Format: date-time */
                at: string;
                detail: {
                    [key: string]: unknown;
                } | null;
                id: number;
                ip: string | null;
                /** @description the member a group action (mute, kick, join request) was about, by name */
                memberLabel?: string | null;
                target: string;
                /** @description what the target names now (a group, member, user, account… name; a list: up to three names and +N); null when unknown */
                targetLabel: string | null;
            }[];
            /** @description items matching the filters, all pages */
            total: number;
        };
        AutomationDryRun: {
            days: number;
            evaluated: number;
            items: {
                actions: string[];
                /** Format: date-time */
                at: string;
                groupId: number;
                groupName: string;
                memberId: number | null;
                memberName: string | null;
            }[];
            note: string | null;
            skippedByConditions: number;
            truncated: boolean;
            wouldExecute: number;
        };
        AutomationDryRunInput: {
            days: number;
            evaluated: number;
            items: {
                actions: string[];
                /** Format: date-time */
                at: string;
                groupId: number;
                groupName: string;
                memberId: number | null;
                memberName: string | null;
            }[];
            note: string | null;
            skippedByConditions: number;
            truncated: boolean;
            wouldExecute: number;
        };
        AutomationExecution: {
            actions: {
                description: string;
                error: string | null;
                key: string;
                kind: string;
                /** @description queued, sending, sent, awaiting_confirmation, failed, unsupported; done for actions inside Qunyun */
                state: string;
            }[];
            cause: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            executedAt: string;
            groupId: number | null;
            groupName: string | null;
            id: number;
            memberId: number | null;
            memberName: string | null;
            ruleId: number;
            /** @description why it did nothing (e.g. a join reported beyond the rule's late window); null when it ran */
            skipped: string | null;
            trigger: string;
            version: number;
        };
        AutomationExecutionInput: {
            actions: {
                description: string;
                error: string | null;
                key: string;
                kind: string;
                /** @description queued, sending, sent, awaiting_confirmation, failed, unsupported; done for actions inside Qunyun */
                state: string;
            }[];
            cause: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            executedAt: string;
            groupId: number | null;
            groupName: string | null;
            id: number;
            memberId: number | null;
            memberName: string | null;
            ruleId: number;
            /** @description why it did nothing (e.g. a join reported beyond the rule's late window); null when it ran */
            skipped: string | null;
            trigger: string;
            version: number;
        };
        AutomationRule: {
            /** Format: date-time */
            createdAt: string;
            definition: {
                actions: ({
                    /**
                     * @description counts the message against the push guard rails (docs/pushes.md)
                     * @enum {string}
                     */
                    category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                    /** @constant */
                    kind: "post";
                    /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                    template: string;
                } | {
                    /**
                     * @description counts the message against the push guard rails (docs/pushes.md)
                     * @enum {string}
                     */
                    category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                    /** @constant */
                    kind: "private_message";
                    /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                    template: string;
                } | {
                    /** @constant */
                    kind: "tag";
                    tag: string;
                } | {
                    /** @constant */
                    kind: "untag";
                    tag: string;
                } | {
                    /** @description the operator's own member identity: also sent to them as a private message */
                    chatMemberId?: number;
                    /** @constant */
                    kind: "notify_operator";
                    /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                    template: string;
                    /** @description the staff user; default the group's operator */
                    userId?: number;
                } | {
                    activity: string;
                    /** @constant */
                    kind: "start_activity";
                    /** @default {} */
                    params: {
                        [key: string]: unknown;
                    };
                } | {
                    /** @constant */
                    kind: "assign_operator";
                    userId: number;
                })[];
                /** @default [] */
                conditions: ({
                    /** @default true */
                    has: boolean;
                    /** @constant */
                    kind: "member_tag";
                    tag: string;
                } | {
                    /** @constant */
                    kind: "member_stage";
                    stages: ("new" | "active" | "silent" | "churned")[];
                } | {
                    /** @constant */
                    kind: "trust_level";
                    max?: number;
                    min?: number;
                } | {
                    /** @constant */
                    kind: "days_since_join";
                    max?: number;
                    min?: number;
                } | {
                    /** @constant */
                    kind: "group_layer";
                    layers: string[];
                } | {
                    /** @default true */
                    has: boolean;
                    /** @constant */
                    kind: "group_tag";
                    tag: string;
                } | {
                    /** @constant */
                    kind: "group_size";
                    max?: number;
                    min?: number;
                } | {
                    from: string;
                    /** @constant */
                    kind: "quiet_hours";
                    to: string;
                } | {
                    days: ("workday" | "rest_day" | "holiday" | "makeup_workday")[];
                    /** @constant */
                    kind: "day_type";
                })[];
                /** @default true */
                enabled: boolean;
                name: string;
                /**
                 * @default {
                 *       "kind": "workspace"
                 *     }
                 */
                scope: {
                    /** @constant */
                    kind: "workspace";
                } | {
                    /** @constant */
                    kind: "layer";
                    layer: string;
                } | {
                    /** @constant */
                    kind: "group_tag";
                    tag: string;
                } | {
                    groupIds: number[];
                    /** @constant */
                    kind: "groups";
                };
                trigger: {
                    /** @constant */
                    kind: "join";
                    lateWithinDays?: number;
                } | {
                    /** @constant */
                    kind: "leave";
                } | {
                    /** @constant */
                    kind: "message";
                } | {
                    keywords: string[];
                    /** @constant */
                    kind: "keyword";
                    /**
                     * @default contains
                     * @enum {string}
                     */
                    match: "contains" | "exact";
                } | {
                    cron: string;
                    /** @constant */
                    kind: "schedule";
                } | {
                    days: number;
                    /** @constant */
                    kind: "inactivity";
                    /**
                     * @description a group with no message, or a member of a group who wrote nothing
                     * @enum {string}
                     */
                    of: "group" | "member";
                } | {
                    /** @constant */
                    kind: "threshold";
                    /** @description group size reaches this */
                    size: number;
                } | {
                    /** @description only when the event value is at least this (e.g. a streak of 7) */
                    atLeast?: number;
                    /** @description an activity event, e.g. streak_reached */
                    event: string;
                    /** @constant */
                    kind: "activity";
                };
            };
            enabled: boolean;
            /** @description executions of any version */
            executions: number;
            id: number;
            lastExecutedAt: string | null;
            name: string;
            trigger: string;
            /** Format: date-time */
            updatedAt: string;
            version: number;
        };
        AutomationRuleInput: {
            /** Format: date-time */
            createdAt: string;
            definition: {
                actions: ({
                    /**
                     * @description counts the message against the push guard rails (docs/pushes.md)
                     * @enum {string}
                     */
                    category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                    /** @constant */
                    kind: "post";
                    /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                    template: string;
                } | {
                    /**
                     * @description counts the message against the push guard rails (docs/pushes.md)
                     * @enum {string}
                     */
                    category?: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
                    /** @constant */
                    kind: "private_message";
                    /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                    template: string;
                } | {
                    /** @constant */
                    kind: "tag";
                    tag: string;
                } | {
                    /** @constant */
                    kind: "untag";
                    tag: string;
                } | {
                    /** @description the operator's own member identity: also sent to them as a private message */
                    chatMemberId?: number;
                    /** @constant */
                    kind: "notify_operator";
                    /** @description text with {variables}: {name} {names} {group} {rules} {purpose} {keyword} {count} {days} {size} {event} {value} */
                    template: string;
                    /** @description the staff user; default the group's operator */
                    userId?: number;
                } | {
                    activity: string;
                    /** @constant */
                    kind: "start_activity";
                    /** @default {} */
                    params: {
                        [key: string]: unknown;
                    };
                } | {
                    /** @constant */
                    kind: "assign_operator";
                    userId: number;
                })[];
                /** @default [] */
                conditions: ({
                    /** @default true */
                    has: boolean;
                    /** @constant */
                    kind: "member_tag";
                    tag: string;
                } | {
                    /** @constant */
                    kind: "member_stage";
                    stages: ("new" | "active" | "silent" | "churned")[];
                } | {
                    /** @constant */
                    kind: "trust_level";
                    max?: number;
                    min?: number;
                } | {
                    /** @constant */
                    kind: "days_since_join";
                    max?: number;
                    min?: number;
                } | {
                    /** @constant */
                    kind: "group_layer";
                    layers: string[];
                } | {
                    /** @default true */
                    has: boolean;
                    /** @constant */
                    kind: "group_tag";
                    tag: string;
                } | {
                    /** @constant */
                    kind: "group_size";
                    max?: number;
                    min?: number;
                } | {
                    from: string;
                    /** @constant */
                    kind: "quiet_hours";
                    to: string;
                } | {
                    days: ("workday" | "rest_day" | "holiday" | "makeup_workday")[];
                    /** @constant */
                    kind: "day_type";
                })[];
                /** @default true */
                enabled: boolean;
                name: string;
                /**
                 * @default {
                 *       "kind": "workspace"
                 *     }
                 */
                scope: {
                    /** @constant */
                    kind: "workspace";
                } | {
                    /** @constant */
                    kind: "layer";
                    layer: string;
                } | {
                    /** @constant */
                    kind: "group_tag";
                    tag: string;
                } | {
                    groupIds: number[];
                    /** @constant */
                    kind: "groups";
                };
                trigger: {
                    /** @constant */
                    kind: "join";
                    lateWithinDays?: number;
                } | {
                    /** @constant */
                    kind: "leave";
                } | {
                    /** @constant */
                    kind: "message";
                } | {
                    keywords: string[];
                    /** @constant */
                    kind: "keyword";
                    /**
                     * @default contains
                     * @enum {string}
                     */
                    match: "contains" | "exact";
                } | {
                    cron: string;
                    /** @constant */
                    kind: "schedule";
                } | {
                    days: number;
                    /** @constant */
                    kind: "inactivity";
                    /**
                     * @description a group with no message, or a member of a group who wrote nothing
                     * @enum {string}
                     */
                    of: "group" | "member";
                } | {
                    /** @constant */
                    kind: "threshold";
                    /** @description group size reaches this */
                    size: number;
                } | {
                    /** @description only when the event value is at least this (e.g. a streak of 7) */
                    atLeast?: number;
                    /** @description an activity event, e.g. streak_reached */
                    event: string;
                    /** @constant */
                    kind: "activity";
                };
            };
            enabled: boolean;
            /** @description executions of any version */
            executions: number;
            id: number;
            lastExecutedAt: string | null;
            name: string;
            trigger: string;
            /** Format: date-time */
            updatedAt: string;
            version: number;
        };
        BestTime: {
            /** @description 7 × 24 scores, index weekday*24+hour, Sunday = 0 */
            matrix: number[];
            messages: number;
            top: {
                hour: number;
                messages: number;
                score: number;
                weekday: number;
            }[];
            weeks: number;
        };
        BestTimeInput: {
            /** @description 7 × 24 scores, index weekday*24+hour, Sunday = 0 */
            matrix: number[];
            messages: number;
            top: {
                hour: number;
                messages: number;
                score: number;
                weekday: number;
            }[];
            weeks: number;
        };
        CalendarEntry: {
            assigneeUserId: number | null;
            category: string;
            day: string;
            doneAt: string | null;
            id: number;
            kind: string;
            layer: string;
            /** @description groups posted to */
            posted: number;
            /** Format: date-time */
            runAt: string;
            slot: string;
            /** @description planned, done, missed or cancelled */
            status: string;
            text: string;
            theme: string;
        };
        CalendarEntryInput: {
            assigneeUserId: number | null;
            category: string;
            day: string;
            doneAt: string | null;
            id: number;
            kind: string;
            layer: string;
            /** @description groups posted to */
            posted: number;
            /** Format: date-time */
            runAt: string;
            slot: string;
            /** @description planned, done, missed or cancelled */
            status: string;
            text: string;
            theme: string;
        };
        CalendarWeek: {
            days: string[];
            /** @description the week’s entries; cells are (layer, day, slot) */
            entries: components["schemas"]["CalendarEntry"][];
            layers: string[];
            slots: string[];
            week: string;
        };
        CalendarWeekInput: {
            days: string[];
            /** @description the week’s entries; cells are (layer, day, slot) */
            entries: components["schemas"]["CalendarEntryInput"][];
            layers: string[];
            slots: string[];
            week: string;
        };
        Campaign: {
            art: string;
            codeId: number;
            /** Format: date-time */
            createdAt: string;
            endsAt: string | null;
            id: number;
            /** @enum {string} */
            kind: "invite" | "help" | "team" | "cut" | "coupon" | "rank";
            name: string;
            settings: {
                /**
                 * @default {
                 *       "newMembersOnly": true,
                 *       "participantMinDays": 0
                 *     }
                 */
                eligibility: {
                    /** @default true */
                    newMembersOnly: boolean;
                    /** @default 0 */
                    participantMinDays: number;
                };
                floorCents?: number;
                /**
                 * @default {
                 *       "stayDays": 3,
                 *       "leaveWindowDays": 3,
                 *       "velocityLimit": 20,
                 *       "velocityWindowMinutes": 60,
                 *       "sameFingerprintLimit": 3,
                 *       "silentShare": 0.8,
                 *       "silentMin": 5,
                 *       "silentSignificance": 0.01
                 *     }
                 */
                fraud: {
                    /** @default 3 */
                    leaveWindowDays: number;
                    /** @default 3 */
                    sameFingerprintLimit: number;
                    /** @default 5 */
                    silentMin: number;
                    /** @default 0.8 */
                    silentShare: number;
                    /** @default 0.01 */
                    silentSignificance: number;
                    /** @default 3 */
                    stayDays: number;
                    /** @default 20 */
                    velocityLimit: number;
                    /** @default 60 */
                    velocityWindowMinutes: number;
                };
                friendReward?: string;
                goal: number;
                /** @enum {string} */
                kind: "invite" | "help" | "team" | "cut" | "coupon" | "rank";
                priceCents?: number;
                teamHours?: number;
                tiers: {
                    at: number;
                    reward: string;
                }[];
            };
            slug: string;
            /** Format: date-time */
            startsAt: string;
            /** @enum {string} */
            status: "active" | "paused" | "ended";
            stock: number;
            stockTotal: number;
            /** @description the public page */
            url: string;
        };
        CampaignBoardLine: {
            count: number;
            name: string;
            participantId: number;
            rank: number;
        };
        CampaignBoardLineInput: {
            count: number;
            name: string;
            participantId: number;
            rank: number;
        };
        CampaignDetail: {
            campaign: components["schemas"]["Campaign"];
            funnel: components["schemas"]["CampaignFunnel"];
            leaderboard: components["schemas"]["CampaignBoardLine"][];
            proof: {
                recent: {
                    /** Format: date-time */
                    at: string;
                    name: string;
                    reward: string;
                }[];
                total: number;
            };
        };
        CampaignDetailInput: {
            campaign: components["schemas"]["CampaignInput"];
            funnel: components["schemas"]["CampaignFunnelInput"];
            leaderboard: components["schemas"]["CampaignBoardLineInput"][];
            proof: {
                recent: {
                    /** Format: date-time */
                    at: string;
                    name: string;
                    reward: string;
                }[];
                total: number;
            };
        };
        CampaignFraudReason: {
            /** @description which case of the rule: the console words it (campaigns.reasons.<code>); absent on reasons stored before codes */
            code?: string;
            /** @description the reason's numbers (hours, count, limit, …) */
            params?: {
                [key: string]: number;
            };
            rule: string;
            /** @description the reason in English (logs, CLI) */
            text: string;
        };
        CampaignFraudReasonInput: {
            /** @description which case of the rule: the console words it (campaigns.reasons.<code>); absent on reasons stored before codes */
            code?: string;
            /** @description the reason's numbers (hours, count, limit, …) */
            params?: {
                [key: string]: number;
            };
            rule: string;
            /** @description the reason in English (logs, CLI) */
            text: string;
        };
        CampaignFunnel: {
            credited: number;
            held: number;
            joins: number;
            participants: number;
            pending: number;
            rejected: number;
            rewarded: number;
            rewardsHeld: number;
            rewardsIssued: number;
            visits: number;
            withdrawn: number;
        };
        CampaignFunnelInput: {
            credited: number;
            held: number;
            joins: number;
            participants: number;
            pending: number;
            rejected: number;
            rewarded: number;
            rewardsHeld: number;
            rewardsIssued: number;
            visits: number;
            withdrawn: number;
        };
        CampaignInput: {
            art: string;
            codeId: number;
            /** Format: date-time */
            createdAt: string;
            endsAt: string | null;
            id: number;
            /** @enum {string} */
            kind: "invite" | "help" | "team" | "cut" | "coupon" | "rank";
            name: string;
            settings: {
                /**
                 * @default {
                 *       "newMembersOnly": true,
                 *       "participantMinDays": 0
                 *     }
                 */
                eligibility: {
                    /** @default true */
                    newMembersOnly: boolean;
                    /** @default 0 */
                    participantMinDays: number;
                };
                floorCents?: number;
                /**
                 * @default {
                 *       "stayDays": 3,
                 *       "leaveWindowDays": 3,
                 *       "velocityLimit": 20,
                 *       "velocityWindowMinutes": 60,
                 *       "sameFingerprintLimit": 3,
                 *       "silentShare": 0.8,
                 *       "silentMin": 5,
                 *       "silentSignificance": 0.01
                 *     }
                 */
                fraud: {
                    /** @default 3 */
                    leaveWindowDays: number;
                    /** @default 3 */
                    sameFingerprintLimit: number;
                    /** @default 5 */
                    silentMin: number;
                    /** @default 0.8 */
                    silentShare: number;
                    /** @default 0.01 */
                    silentSignificance: number;
                    /** @default 3 */
                    stayDays: number;
                    /** @default 20 */
                    velocityLimit: number;
                    /** @default 60 */
                    velocityWindowMinutes: number;
                };
                friendReward?: string;
                goal: number;
                /** @enum {string} */
                kind: "invite" | "help" | "team" | "cut" | "coupon" | "rank";
                priceCents?: number;
                teamHours?: number;
                tiers: {
                    at: number;
                    reward: string;
                }[];
            };
            slug: string;
            /** Format: date-time */
            startsAt: string;
            /** @enum {string} */
            status: "active" | "paused" | "ended";
            stock: number;
            stockTotal: number;
            /** @description the public page */
            url: string;
        };
        CampaignReferral: {
            id: number;
            inviteeMemberId: number;
            inviteeName: string;
            inviterName: string;
            /** Format: date-time */
            joinedAt: string;
            leftAt: string | null;
            note: string | null;
            override: string | null;
            participantId: number;
            reasons: components["schemas"]["CampaignFraudReason"][];
            spokeAt: string | null;
            /** @enum {string} */
            status: "pending" | "credited" | "withdrawn" | "held" | "rejected";
        };
        CampaignReferralInput: {
            id: number;
            inviteeMemberId: number;
            inviteeName: string;
            inviterName: string;
            /** Format: date-time */
            joinedAt: string;
            leftAt: string | null;
            note: string | null;
            override: string | null;
            participantId: number;
            reasons: components["schemas"]["CampaignFraudReasonInput"][];
            spokeAt: string | null;
            /** @enum {string} */
            status: "pending" | "credited" | "withdrawn" | "held" | "rejected";
        };
        Capability: {
            capability: string;
            instead?: string;
            note?: string;
            reason?: string;
            supported: boolean;
        };
        CapabilityInput: {
            capability: string;
            instead?: string;
            note?: string;
            reason?: string;
            supported: boolean;
        };
        CheckinLeaderboard: {
            rows: components["schemas"]["CheckinLeaderboardRow"][];
            today: string;
        };
        CheckinLeaderboardInput: {
            rows: components["schemas"]["CheckinLeaderboardRowInput"][];
            today: string;
        };
        CheckinLeaderboardRow: {
            lastDay: string | null;
            longest: number;
            memberId: number;
            name: string;
            streak: number;
            total: number;
        };
        CheckinLeaderboardRowInput: {
            lastDay: string | null;
            longest: number;
            memberId: number;
            name: string;
            streak: number;
            total: number;
        };
        CodeEntry: {
            answers: {
                [key: string]: string;
            };
            codeId: number;
            codeName: string;
            /** Format: date-time */
            createdAt: string;
            hasProof: boolean;
            id: number;
            kind: string;
            name: string;
            /** @enum {string} */
            status: "pending" | "passed" | "rejected";
            tags: string[];
        };
        CodeEntryInput: {
            answers: {
                [key: string]: string;
            };
            codeId: number;
            codeName: string;
            /** Format: date-time */
            createdAt: string;
            hasProof: boolean;
            id: number;
            kind: string;
            name: string;
            /** @enum {string} */
            status: "pending" | "passed" | "rejected";
            tags: string[];
        };
        CodeFigures: {
            bySource: {
                joined: number;
                routed: number;
                source: string;
            }[];
            byStaff: {
                /** @description joins credited to them, or customers who added them (staff codes) */
                joined: number;
                name: string;
                /** @description newcomers the code sent to them (staff codes) */
                routed: number;
                staffUserId: number | null;
            }[];
            groupsOpened: number;
            joined: number;
            openTasks: {
                /** Format: date-time */
                createdAt: string;
                id: number;
                kind: string;
                text: string;
            }[];
            pending: number;
            routed: number;
        };
        CodeFiguresInput: {
            bySource: {
                joined: number;
                routed: number;
                source: string;
            }[];
            byStaff: {
                /** @description joins credited to them, or customers who added them (staff codes) */
                joined: number;
                name: string;
                /** @description newcomers the code sent to them (staff codes) */
                routed: number;
                staffUserId: number | null;
            }[];
            groupsOpened: number;
            joined: number;
            openTasks: {
                /** Format: date-time */
                createdAt: string;
                id: number;
                kind: string;
                text: string;
            }[];
            pending: number;
            routed: number;
        };
        CodePoolGroup: {
            cap: number;
            groupId: number;
            /** @description what joins through the link carry back */
            linkCode: string | null;
            linkExpiresAt: string | null;
            linkUrl: string | null;
            /** @description members when added + newcomers routed − seats given back */
            load: number;
            memberCount: number;
            name: string;
            opened: boolean;
            platform: string;
            position: number;
            routed: number;
            source: string | null;
            status: string;
        };
        CodePoolGroupInput: {
            cap: number;
            groupId: number;
            /** @description what joins through the link carry back */
            linkCode: string | null;
            linkExpiresAt: string | null;
            linkUrl: string | null;
            /** @description members when added + newcomers routed − seats given back */
            load: number;
            memberCount: number;
            name: string;
            opened: boolean;
            platform: string;
            position: number;
            routed: number;
            source: string | null;
            status: string;
        };
        CodeRouteAnswer: {
            entryStatus?: ("pending" | "passed" | "rejected") | null;
            groupId?: number;
            /** @enum {string} */
            kind: "group" | "staff" | "full" | "unavailable" | "threshold";
            reason?: string;
            reservationId?: number;
            staffUserId?: number;
            /** @description the platform link or contact-way QR to hand the newcomer */
            url: string | null;
        };
        CodeRouteAnswerInput: {
            entryStatus?: ("pending" | "passed" | "rejected") | null;
            groupId?: number;
            /** @enum {string} */
            kind: "group" | "staff" | "full" | "unavailable" | "threshold";
            reason?: string;
            reservationId?: number;
            staffUserId?: number;
            /** @description the platform link or contact-way QR to hand the newcomer */
            url: string | null;
        };
        CodeStaffMember: {
            backup: boolean;
            contactUrl: string | null;
            dailyCap: number;
            name: string;
            platformUserId: string;
            routedToday: number;
            staffUserId: number;
        };
        CodeStaffMemberInput: {
            backup: boolean;
            contactUrl: string | null;
            dailyCap: number;
            name: string;
            platformUserId: string;
            routedToday: number;
            staffUserId: number;
        };
        DeadGroupWarning: {
            alert: boolean;
            reasonCodes: {
                code: string;
                values: {
                    [key: string]: number;
                };
            }[];
            /** @description in English */
            reasons: string[];
            /** @description 0–1: chance the group is silent by day 30 */
            risk: number;
            signals: {
                activeDays: number;
                joins: number;
                lateMessages: number;
                lateWriters: number;
                leaves: number;
                messages: number;
                trend: number;
                writers: number;
            };
            suggestion: {
                /** @enum {string} */
                code: "dailyTopic" | "welcome";
                rule: {
                    actions: {
                        [key: string]: unknown;
                    }[];
                    name: string;
                    trigger: {
                        [key: string]: unknown;
                    };
                };
                title: string;
            };
        };
        DeadGroupWarningInput: {
            alert: boolean;
            reasonCodes: {
                code: string;
                values: {
                    [key: string]: number;
                };
            }[];
            /** @description in English */
            reasons: string[];
            /** @description 0–1: chance the group is silent by day 30 */
            risk: number;
            signals: {
                activeDays: number;
                joins: number;
                lateMessages: number;
                lateWriters: number;
                leaves: number;
                messages: number;
                trend: number;
                writers: number;
            };
            suggestion: {
                /** @enum {string} */
                code: "dailyTopic" | "welcome";
                rule: {
                    actions: {
                        [key: string]: unknown;
                    }[];
                    name: string;
                    trigger: {
                        [key: string]: unknown;
                    };
                };
                title: string;
            };
        };
        Error: {
            /** @description machine-readable code: bad_request, not_found, … */
            error: string;
            /** @description not_supported: what can be done instead on that platform */
            instead?: string;
            /** @description what was wrong with the request, one entry per field */
            issues?: {
                /** @description where the route has one: what was wrong, for a translation */
                code?: string;
                message: string;
                path: string;
                /** @description the values the code's words take */
                values?: {
                    [key: string]: string | number;
                };
            }[];
            message: string;
            /** @description 423 and 429: seconds until a retry may succeed */
            retryAfterSeconds?: number;
        };
        ErrorInput: {
            /** @description machine-readable code: bad_request, not_found, … */
            error: string;
            /** @description not_supported: what can be done instead on that platform */
            instead?: string;
            /** @description what was wrong with the request, one entry per field */
            issues?: {
                /** @description where the route has one: what was wrong, for a translation */
                code?: string;
                message: string;
                path: string;
                /** @description the values the code's words take */
                values?: {
                    [key: string]: string | number;
                };
            }[];
            message: string;
            /** @description 423 and 429: seconds until a retry may succeed */
            retryAfterSeconds?: number;
        };
        Experiment: {
            alpha: number;
            category: string;
            /** Format: date-time */
            createdAt: string;
            holdoutShare: number;
            id: number;
            name: string;
            startedAt: string | null;
            status: string;
            /** @enum {string} */
            unit: "group" | "member";
            variants: {
                name: string;
                text: string;
                weight: number;
            }[];
            windowHours: number;
        };
        ExperimentInput: {
            alpha: number;
            category: string;
            /** Format: date-time */
            createdAt: string;
            holdoutShare: number;
            id: number;
            name: string;
            startedAt: string | null;
            status: string;
            /** @enum {string} */
            unit: "group" | "member";
            variants: {
                name: string;
                text: string;
                weight: number;
            }[];
            windowHours: number;
        };
        ExperimentPage: {
            items: components["schemas"]["Experiment"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ExperimentPageInput: {
            items: components["schemas"]["ExperimentInput"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ExperimentResult: {
            arms: {
                arm: string;
                converted: number;
                left: number;
                messages: number;
                reached: number;
                responded: number;
                units: number;
            }[];
            /** @description the response window has passed */
            complete: boolean;
            designEffect: number;
            experiment: components["schemas"]["Experiment"];
            holdout: {
                arm: string;
                converted: number;
                left: number;
                messages: number;
                reached: number;
                responded: number;
                units: number;
            } | null;
            holdoutVerdict: components["schemas"]["ExperimentVerdict"] | null;
            icc: number;
            verdict: components["schemas"]["ExperimentVerdict"] | null;
        };
        ExperimentResultInput: {
            arms: {
                arm: string;
                converted: number;
                left: number;
                messages: number;
                reached: number;
                responded: number;
                units: number;
            }[];
            /** @description the response window has passed */
            complete: boolean;
            designEffect: number;
            experiment: components["schemas"]["ExperimentInput"];
            holdout: {
                arm: string;
                converted: number;
                left: number;
                messages: number;
                reached: number;
                responded: number;
                units: number;
            } | null;
            holdoutVerdict: components["schemas"]["ExperimentVerdictInput"] | null;
            icc: number;
            verdict: components["schemas"]["ExperimentVerdictInput"] | null;
        };
        ExperimentVerdict: {
            alpha: number;
            challenger: string;
            control: string;
            diff: number;
            en: string;
            /** @enum {string} */
            kind: "adopt" | "no_difference" | "too_few";
            method: string;
            morePerArm: number | null;
            p: number;
            winner: string | null;
            zh: string;
        };
        ExperimentVerdictInput: {
            alpha: number;
            challenger: string;
            control: string;
            diff: number;
            en: string;
            /** @enum {string} */
            kind: "adopt" | "no_difference" | "too_few";
            method: string;
            morePerArm: number | null;
            p: number;
            winner: string | null;
            zh: string;
        };
        FunnelRow: {
            activeW1: number;
            /** @description paid a matched order after joining (src/orders) */
            converted: number;
            convertedRate: number;
            firstMessage: number;
            firstMessageRate: number;
            joined: number;
            key: string;
            /** @description routed by the live code; null for a source */
            scanned: number | null;
            w1Eligible: number;
            w1Rate: number | null;
        };
        FunnelRowInput: {
            activeW1: number;
            /** @description paid a matched order after joining (src/orders) */
            converted: number;
            convertedRate: number;
            firstMessage: number;
            firstMessageRate: number;
            joined: number;
            key: string;
            /** @description routed by the live code; null for a source */
            scanned: number | null;
            w1Eligible: number;
            w1Rate: number | null;
        };
        Group: {
            /** @description distinct members who wrote in the last 7 days */
            activeMembers7d: number;
            ageDays: number;
            capacity: number;
            /**
             * @description full ≥ 95% of capacity; silent: no message for 7 days; quiet: < 5 messages/day; thresholds are workspace settings
             * @enum {string}
             */
            health: "healthy" | "quiet" | "silent" | "full";
            id: number;
            joins7d: number;
            layer: string | null;
            leaves7d: number;
            /** @description when the group had no event for 30 days (archived or imported): its last day with activity, at which health and the 7-day figures are measured; else null (today) */
            measuredAt: string | null;
            /** @description average over the last 7 days (today and the 6 before) */
            messagesPerDay: number;
            name: string;
            /** @description the assigned operator */
            operator: {
                id: number;
                name: string;
            } | null;
            platform: string;
            platformGroupId: string;
            purpose: string | null;
            /** @description members in the group now */
            size: number;
            /** @description messages per day, the last 14 days, oldest first */
            sparkline: number[];
            /**
             * @description stage in its life, from its age, size and activity trend: new (younger than 30 days), growing, mature, declining (messages of the last 7 days 30% above or below the weekly average of the 3 weeks before, or members ±10% in 7 days), dormant (no message for 30 days); thresholds are workspace settings
             * @enum {string}
             */
            stage: "new" | "growing" | "mature" | "declining" | "dormant";
            status: string;
            tags: string[];
        };
        GroupDetail: {
            /** @description distinct members who wrote in the last 7 days */
            activeMembers7d: number;
            ageDays: number;
            capacity: number;
            /** @description the first day with activity: where all history starts */
            firstDay: string | null;
            /**
             * @description the grain of the series: asked for, or chosen by the range (≤ 90 days: day; ≤ 2 years: week; longer: month)
             * @enum {string}
             */
            grain: "day" | "week" | "month";
            /**
             * @description full ≥ 95% of capacity; silent: no message for 7 days; quiet: < 5 messages/day; thresholds are workspace settings
             * @enum {string}
             */
            health: "healthy" | "quiet" | "silent" | "full";
            id: number;
            joins7d: number;
            joinsBySource: {
                joins: number;
                source: string;
            }[];
            layer: string | null;
            leaves7d: number;
            /** @description when the group had no event for 30 days (archived or imported): its last day with activity, at which health and the 7-day figures are measured; else null (today) */
            measuredAt: string | null;
            /** @description average over the last 7 days (today and the 6 before) */
            messagesPerDay: number;
            name: string;
            /** @description the assigned operator */
            operator: {
                id: number;
                name: string;
            } | null;
            platform: string;
            platformGroupId: string;
            purpose: string | null;
            range: {
                /**
                 * Format: date
                 * @description YYYY-MM-DD in the workspace time zone
                 */
                from: string;
                /**
                 * Format: date
                 * @description YYYY-MM-DD in the workspace time zone
                 */
                to: string;
            };
            /** @description the latest 50 */
            recentMessages: {
                id: number;
                kind: string;
                member: {
                    id: number;
                    name: string;
                };
                replyTo: number | null;
                /** Format: date-time */
                sentAt: string;
                text: string | null;
            }[];
            series: {
                /** @description distinct members who wrote in the point */
                activeMembers: number;
                /**
                 * Format: date
                 * @description first day of the point within the range
                 */
                day: string;
                /**
                 * Format: date
                 * @description its last day within the range
                 */
                end: string;
                joins: number;
                leaves: number;
                messages: number;
                /** @description the point holds today: not over yet */
                partial: boolean;
                /** @description memberships begun and not ended by the end of the point */
                size: number;
            }[];
            /** @description members in the group now */
            size: number;
            /** @description messages per day, the last 14 days, oldest first */
            sparkline: number[];
            /**
             * @description stage in its life, from its age, size and activity trend: new (younger than 30 days), growing, mature, declining (messages of the last 7 days 30% above or below the weekly average of the 3 weeks before, or members ±10% in 7 days), dormant (no message for 30 days); thresholds are workspace settings
             * @enum {string}
             */
            stage: "new" | "growing" | "mature" | "declining" | "dormant";
            status: string;
            tags: string[];
            /** @description most messages in the range (ties: the member seen first) */
            topMembers: {
                id: number;
                messages: number;
                name: string;
            }[];
        };
        GroupDetailInput: {
            /** @description distinct members who wrote in the last 7 days */
            activeMembers7d: number;
            ageDays: number;
            capacity: number;
            /** @description the first day with activity: where all history starts */
            firstDay: string | null;
            /**
             * @description the grain of the series: asked for, or chosen by the range (≤ 90 days: day; ≤ 2 years: week; longer: month)
             * @enum {string}
             */
            grain: "day" | "week" | "month";
            /**
             * @description full ≥ 95% of capacity; silent: no message for 7 days; quiet: < 5 messages/day; thresholds are workspace settings
             * @enum {string}
             */
            health: "healthy" | "quiet" | "silent" | "full";
            id: number;
            joins7d: number;
            joinsBySource: {
                joins: number;
                source: string;
            }[];
            layer: string | null;
            leaves7d: number;
            /** @description when the group had no event for 30 days (archived or imported): its last day with activity, at which health and the 7-day figures are measured; else null (today) */
            measuredAt: string | null;
            /** @description average over the last 7 days (today and the 6 before) */
            messagesPerDay: number;
            name: string;
            /** @description the assigned operator */
            operator: {
                id: number;
                name: string;
            } | null;
            platform: string;
            platformGroupId: string;
            purpose: string | null;
            range: {
                /**
                 * Format: date
                 * @description YYYY-MM-DD in the workspace time zone
                 */
                from: string;
                /**
                 * Format: date
                 * @description YYYY-MM-DD in the workspace time zone
                 */
                to: string;
            };
            /** @description the latest 50 */
            recentMessages: {
                id: number;
                kind: string;
                member: {
                    id: number;
                    name: string;
                };
                replyTo: number | null;
                /** Format: date-time */
                sentAt: string;
                text: string | null;
            }[];
            series: {
                /** @description distinct members who wrote in the point */
                activeMembers: number;
                /**
                 * Format: date
                 * @description first day of the point within the range
                 */
                day: string;
                /**
                 * Format: date
                 * @description its last day within the range
                 */
                end: string;
                joins: number;
                leaves: number;
                messages: number;
                /** @description the point holds today: not over yet */
                partial: boolean;
                /** @description memberships begun and not ended by the end of the point */
                size: number;
            }[];
            /** @description members in the group now */
            size: number;
            /** @description messages per day, the last 14 days, oldest first */
            sparkline: number[];
            /**
             * @description stage in its life, from its age, size and activity trend: new (younger than 30 days), growing, mature, declining (messages of the last 7 days 30% above or below the weekly average of the 3 weeks before, or members ±10% in 7 days), dormant (no message for 30 days); thresholds are workspace settings
             * @enum {string}
             */
            stage: "new" | "growing" | "mature" | "declining" | "dormant";
            status: string;
            tags: string[];
            /** @description most messages in the range (ties: the member seen first) */
            topMembers: {
                id: number;
                messages: number;
                name: string;
            }[];
        };
        GroupInput: {
            /** @description distinct members who wrote in the last 7 days */
            activeMembers7d: number;
            ageDays: number;
            capacity: number;
            /**
             * @description full ≥ 95% of capacity; silent: no message for 7 days; quiet: < 5 messages/day; thresholds are workspace settings
             * @enum {string}
             */
            health: "healthy" | "quiet" | "silent" | "full";
            id: number;
            joins7d: number;
            layer: string | null;
            leaves7d: number;
            /** @description when the group had no event for 30 days (archived or imported): its last day with activity, at which health and the 7-day figures are measured; else null (today) */
            measuredAt: string | null;
            /** @description average over the last 7 days (today and the 6 before) */
            messagesPerDay: number;
            name: string;
            /** @description the assigned operator */
            operator: {
                id: number;
                name: string;
            } | null;
            platform: string;
            platformGroupId: string;
            purpose: string | null;
            /** @description members in the group now */
            size: number;
            /** @description messages per day, the last 14 days, oldest first */
            sparkline: number[];
            /**
             * @description stage in its life, from its age, size and activity trend: new (younger than 30 days), growing, mature, declining (messages of the last 7 days 30% above or below the weekly average of the 3 weeks before, or members ±10% in 7 days), dormant (no message for 30 days); thresholds are workspace settings
             * @enum {string}
             */
            stage: "new" | "growing" | "mature" | "declining" | "dormant";
            status: string;
            tags: string[];
        };
        GroupMemberPage: {
            items: {
                active: boolean;
                id: number;
                /** Format: date-time */
                joinedAt: string;
                messages30d: number;
                name: string;
                source: string | null;
            }[];
            /** @description items matching the filters, all pages */
            total: number;
        };
        GroupMemberPageInput: {
            items: {
                active: boolean;
                id: number;
                /** Format: date-time */
                joinedAt: string;
                messages30d: number;
                name: string;
                source: string | null;
            }[];
            /** @description items matching the filters, all pages */
            total: number;
        };
        GroupPage: {
            items: components["schemas"]["Group"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        GroupPageInput: {
            items: components["schemas"]["GroupInput"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        GuardOverride: {
            reason: string;
            rules: ("caps" | "quiet_hours" | "holidays" | "activity_days")[];
        };
        GuardOverrideInput: {
            reason: string;
            rules: ("caps" | "quiet_hours" | "holidays" | "activity_days")[];
        };
        GuardSettings: {
            activityAvoidWeekdays: number[];
            activityCategories: ("product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other")[];
            caps: {
                categories: ("product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other")[];
                days: number;
                max: number;
                name: string;
            }[];
            holidayCategories: ("product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other")[];
            quietHours: {
                from: string;
                to: string;
            } | null;
            /** @enum {string} */
            whenCapped: "skip" | "defer";
        };
        GuardSettingsInput: {
            activityAvoidWeekdays: number[];
            activityCategories: ("product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other")[];
            caps: {
                categories: ("product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other")[];
                days: number;
                max: number;
                name: string;
            }[];
            holidayCategories: ("product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other")[];
            quietHours: {
                from: string;
                to: string;
            } | null;
            /** @enum {string} */
            whenCapped: "skip" | "defer";
        };
        HealthPart: {
            /** @description in English */
            explain: string;
            figure: string;
            /** @enum {string} */
            part: "interest" | "structure" | "output" | "operate" | "copy";
            /** @description 0–5 */
            score: number;
            value: number;
            /** @description the figures of explain */
            values: {
                [key: string]: number;
            };
        };
        HealthPartInput: {
            /** @description in English */
            explain: string;
            figure: string;
            /** @enum {string} */
            part: "interest" | "structure" | "output" | "operate" | "copy";
            /** @description 0–5 */
            score: number;
            value: number;
            /** @description the figures of explain */
            values: {
                [key: string]: number;
            };
        };
        InviteLink: {
            /** @description what joins through it carry back (memberships.inviteCode) */
            code: string;
            /** Format: date-time */
            createdAt: string;
            /** @description the staff member the joins are credited to */
            createdBy: {
                id: number;
                name: string;
            } | null;
            groupId: number;
            id: number;
            /** @description members whose latest join came through this link */
            joins: number;
            memberLimit: number | null;
            name: string | null;
            requiresApproval: boolean;
            source: string;
            /** @description the link (Telegram) or the join-way QR code image (WeCom) */
            url: string;
        };
        InviteLinkInput: {
            /** @description what joins through it carry back (memberships.inviteCode) */
            code: string;
            /** Format: date-time */
            createdAt: string;
            /** @description the staff member the joins are credited to */
            createdBy: {
                id: number;
                name: string;
            } | null;
            groupId: number;
            id: number;
            /** @description members whose latest join came through this link */
            joins: number;
            memberLimit: number | null;
            name: string | null;
            requiresApproval: boolean;
            source: string;
            /** @description the link (Telegram) or the join-way QR code image (WeCom) */
            url: string;
        };
        JoinRequest: {
            bio: string | null;
            inviteCode: string | null;
            /** @description the requester as a member (use it to approve or decline) */
            memberId: number | null;
            name: string;
            /** Format: date-time */
            requestedAt: string;
            /** @description the source of the invite link the request came through */
            source: string | null;
            /** @description the requester's platform user id */
            userId: string;
        };
        JoinRequestInput: {
            bio: string | null;
            inviteCode: string | null;
            /** @description the requester as a member (use it to approve or decline) */
            memberId: number | null;
            name: string;
            /** Format: date-time */
            requestedAt: string;
            /** @description the source of the invite link the request came through */
            source: string | null;
            /** @description the requester's platform user id */
            userId: string;
        };
        KolOverview: {
            candidates: components["schemas"]["KolRow"][];
            coverage: {
                covered: number;
                groupId: number;
                groupName: string;
                kols: number;
                members: number;
                share: number;
            }[];
            kols: components["schemas"]["KolRow"][];
        };
        KolOverviewInput: {
            candidates: components["schemas"]["KolRowInput"][];
            coverage: {
                covered: number;
                groupId: number;
                groupName: string;
                kols: number;
                members: number;
                share: number;
            }[];
            kols: components["schemas"]["KolRowInput"][];
        };
        KolRow: {
            distinctRepliers: number;
            memberId: number;
            name: string;
            pagerank: number;
            reasons: string[];
            since: string | null;
            status: string;
            tasksDone: number;
            tasksDue: number;
        };
        KolRowInput: {
            distinctRepliers: number;
            memberId: number;
            name: string;
            pagerank: number;
            reasons: string[];
            since: string | null;
            status: string;
            tasksDone: number;
            tasksDue: number;
        };
        KpiRate: {
            done: number;
            of: number;
            /** @description null: nothing to measure */
            rate: number | null;
        };
        KpiRateInput: {
            done: number;
            of: number;
            /** @description null: nothing to measure */
            rate: number | null;
        };
        LinkedMember: {
            id: number;
            identities: {
                platform: string;
                platformUserId: string;
            }[];
            name: string;
        };
        LinkedMemberInput: {
            id: number;
            identities: {
                platform: string;
                platformUserId: string;
            }[];
            name: string;
        };
        LiveCode: {
            /** Format: date-time */
            createdAt: string;
            creditPerJoin: number;
            expiresAt: string | null;
            firstPhase: number;
            hardCap: number;
            id: number;
            /** @enum {string} */
            kind: "group" | "staff";
            name: string;
            retentionDays: number;
            /** @enum {string} */
            rule: "fill_first" | "round_robin" | "by_source";
            slug: string;
            source: string;
            staffSettings: {
                hours?: {
                    days: number[];
                    end: string;
                    start: string;
                };
                /** @default [] */
                tags: string[];
            } | null;
            staffUserId: number | null;
            /** @enum {string} */
            status: "active" | "paused";
            sweetSpotMax: number;
            sweetSpotMin: number;
            template: {
                accountId: number;
                /** @default [] */
                admins: number[];
                capacity?: number;
                namePattern: string;
                /** @default  */
                rules: string;
                /** @default  */
                welcome: string;
            } | null;
            threshold: {
                /** @constant */
                kind: "none";
            } | {
                /** @constant */
                kind: "form";
                questions: {
                    key: string;
                    label: string;
                    options?: string[];
                    /** @default true */
                    required: boolean;
                    tagPrefix?: string;
                }[];
            } | {
                /** @default  */
                instructions: string;
                /** @constant */
                kind: "poster";
            } | {
                /** @constant */
                kind: "approval";
                /** @default [] */
                questions: {
                    key: string;
                    label: string;
                    options?: string[];
                    /** @default true */
                    required: boolean;
                    tagPrefix?: string;
                }[];
            } | {
                /** @default CNY */
                currency: string;
                /** @constant */
                kind: "paid";
                priceCents: number;
                /** Format: uri */
                shopUrl?: string;
            };
            /** @description the public page */
            url: string;
        };
        LiveCodeDetail: {
            code: components["schemas"]["LiveCode"];
            figures: components["schemas"]["CodeFigures"];
            pool: components["schemas"]["CodePoolGroup"][];
            staff: components["schemas"]["CodeStaffMember"][];
            webhookUrl: string;
        };
        LiveCodeDetailInput: {
            code: components["schemas"]["LiveCodeInput"];
            figures: components["schemas"]["CodeFiguresInput"];
            pool: components["schemas"]["CodePoolGroupInput"][];
            staff: components["schemas"]["CodeStaffMemberInput"][];
            webhookUrl: string;
        };
        LiveCodeInput: {
            /** Format: date-time */
            createdAt: string;
            creditPerJoin: number;
            expiresAt: string | null;
            firstPhase: number;
            hardCap: number;
            id: number;
            /** @enum {string} */
            kind: "group" | "staff";
            name: string;
            retentionDays: number;
            /** @enum {string} */
            rule: "fill_first" | "round_robin" | "by_source";
            slug: string;
            source: string;
            staffSettings: {
                hours?: {
                    days: number[];
                    end: string;
                    start: string;
                };
                /** @default [] */
                tags: string[];
            } | null;
            staffUserId: number | null;
            /** @enum {string} */
            status: "active" | "paused";
            sweetSpotMax: number;
            sweetSpotMin: number;
            template: {
                accountId: number;
                /** @default [] */
                admins: number[];
                capacity?: number;
                namePattern: string;
                /** @default  */
                rules: string;
                /** @default  */
                welcome: string;
            } | null;
            threshold: {
                /** @constant */
                kind: "none";
            } | {
                /** @constant */
                kind: "form";
                questions: {
                    key: string;
                    label: string;
                    options?: string[];
                    /** @default true */
                    required: boolean;
                    tagPrefix?: string;
                }[];
            } | {
                /** @default  */
                instructions: string;
                /** @constant */
                kind: "poster";
            } | {
                /** @constant */
                kind: "approval";
                /** @default [] */
                questions: {
                    key: string;
                    label: string;
                    options?: string[];
                    /** @default true */
                    required: boolean;
                    tagPrefix?: string;
                }[];
            } | {
                /** @default CNY */
                currency: string;
                /** @constant */
                kind: "paid";
                priceCents: number;
                /** Format: uri */
                shopUrl?: string;
            };
            /** @description the public page */
            url: string;
        };
        LiveReport: {
            memberMessages: number;
            membersWhoSpoke: number;
            messagesBudget: number;
            messagesUsed: number;
            minutesBudget: number;
            questions: number;
            sampleQuestions: string[];
            steps: {
                at: string;
                kind: string;
                posted: number;
                replies: number;
            }[];
        };
        LiveReportInput: {
            memberMessages: number;
            membersWhoSpoke: number;
            messagesBudget: number;
            messagesUsed: number;
            minutesBudget: number;
            questions: number;
            sampleQuestions: string[];
            steps: {
                at: string;
                kind: string;
                posted: number;
                replies: number;
            }[];
        };
        LiveSession: {
            /** Format: date-time */
            createdAt: string;
            groupIds: number[];
            id: number;
            maxMessages: number;
            maxMinutes: number;
            report: components["schemas"]["LiveReport"] | null;
            /** Format: date-time */
            startsAt: string;
            status: string;
            steps: {
                atMinute: number;
                kind: string;
                messages: string[];
            }[];
            stepsPosted: number;
            title: string;
        };
        LiveSessionInput: {
            /** Format: date-time */
            createdAt: string;
            groupIds: number[];
            id: number;
            maxMessages: number;
            maxMinutes: number;
            report: components["schemas"]["LiveReportInput"] | null;
            /** Format: date-time */
            startsAt: string;
            status: string;
            steps: {
                atMinute: number;
                kind: string;
                messages: string[];
            }[];
            stepsPosted: number;
            title: string;
        };
        LiveSessionPage: {
            items: components["schemas"]["LiveSession"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        LiveSessionPageInput: {
            items: components["schemas"]["LiveSessionInput"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        MemberDetail: {
            activity: {
                /** Format: date */
                day: string;
                messages: number;
            }[];
            /** @description when the person's data was erased; the name is a placeholder then */
            erasedAt: string | null;
            /** Format: date-time */
            firstSeenAt: string;
            groups: {
                active: boolean;
                id: number;
                /** Format: date-time */
                joinedAt: string;
                leftAt: string | null;
                name: string;
                source: string | null;
            }[];
            id: number;
            identities: {
                displayName: string | null;
                platform: string;
                platformUserId: string;
            }[];
            name: string;
            /** @enum {string} */
            stage: "new" | "active" | "silent" | "churned";
            tags: string[];
            timeline: {
                /** Format: date-time */
                at: string;
                groupName?: string;
                text?: string;
                /** @enum {string} */
                type: "join" | "leave" | "message" | "tag";
            }[];
        };
        MemberDetailInput: {
            activity: {
                /** Format: date */
                day: string;
                messages: number;
            }[];
            /** @description when the person's data was erased; the name is a placeholder then */
            erasedAt: string | null;
            /** Format: date-time */
            firstSeenAt: string;
            groups: {
                active: boolean;
                id: number;
                /** Format: date-time */
                joinedAt: string;
                leftAt: string | null;
                name: string;
                source: string | null;
            }[];
            id: number;
            identities: {
                displayName: string | null;
                platform: string;
                platformUserId: string;
            }[];
            name: string;
            /** @enum {string} */
            stage: "new" | "active" | "silent" | "churned";
            tags: string[];
            timeline: {
                /** Format: date-time */
                at: string;
                groupName?: string;
                text?: string;
                /** @enum {string} */
                type: "join" | "leave" | "message" | "tag";
            }[];
        };
        MemberErasure: {
            /** Format: date-time */
            erasedAt: string;
            events: number;
            id: number;
            identities: number;
            messages: number;
            /** @description the anonymous placeholder name the member has now */
            name: string;
            tags: number;
        };
        MemberErasureInput: {
            /** Format: date-time */
            erasedAt: string;
            events: number;
            id: number;
            identities: number;
            messages: number;
            /** @description the anonymous placeholder name the member has now */
            name: string;
            tags: number;
        };
        MemberExport: {
            /** @description audit entries about the member: tags, mutes, kicks, exports */
            audit: {
                [key: string]: unknown;
            }[];
            counts: {
                events: number;
                messages: number;
            };
            /** @description every other event of theirs (joins, leaves, reactions, edits, profiles) with its payload */
            events: {
                [key: string]: unknown;
            }[];
            /** Format: date-time */
            exportedAt: string;
            /** @constant */
            format: "qunyun.member-export/1";
            /** @description platform identities: account, platform, platform user id, name, bot, when the name was seen */
            identities: {
                [key: string]: unknown;
            }[];
            member: {
                erasedAt: string | null;
                /** Format: date-time */
                firstSeenAt: string;
                id: number;
                name: string;
            };
            /** @description groups joined and left, with source, invite code, inviter, staff and the invite link */
            memberships: {
                [key: string]: unknown;
            }[];
            /** @description every message: group, time, kind, text (latest edit), deletion, reactions, reply, mentions */
            messages: {
                [key: string]: unknown;
            }[];
            /** @description joins attributed to this member as inviter, per group */
            referrals: {
                groupId: number;
                joins: number;
            }[];
            tags: {
                /** Format: date-time */
                createdAt: string;
                tag: string;
            }[];
            workspace: {
                id: number;
                name: string;
                slug: string;
                timezone: string;
            };
        };
        MemberExportInput: {
            /** @description audit entries about the member: tags, mutes, kicks, exports */
            audit: {
                [key: string]: unknown;
            }[];
            counts: {
                events: number;
                messages: number;
            };
            /** @description every other event of theirs (joins, leaves, reactions, edits, profiles) with its payload */
            events: {
                [key: string]: unknown;
            }[];
            /** Format: date-time */
            exportedAt: string;
            /** @constant */
            format: "qunyun.member-export/1";
            /** @description platform identities: account, platform, platform user id, name, bot, when the name was seen */
            identities: {
                [key: string]: unknown;
            }[];
            member: {
                erasedAt: string | null;
                /** Format: date-time */
                firstSeenAt: string;
                id: number;
                name: string;
            };
            /** @description groups joined and left, with source, invite code, inviter, staff and the invite link */
            memberships: {
                [key: string]: unknown;
            }[];
            /** @description every message: group, time, kind, text (latest edit), deletion, reactions, reply, mentions */
            messages: {
                [key: string]: unknown;
            }[];
            /** @description joins attributed to this member as inviter, per group */
            referrals: {
                groupId: number;
                joins: number;
            }[];
            tags: {
                /** Format: date-time */
                createdAt: string;
                tag: string;
            }[];
            workspace: {
                id: number;
                name: string;
                slug: string;
                timezone: string;
            };
        };
        MemberPage: {
            items: components["schemas"]["MemberRow"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        MemberPageInput: {
            items: components["schemas"]["MemberRowInput"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        MemberRow: {
            /** @description groups the member is in now */
            groups: number;
            id: number;
            /** @description last message */
            lastActiveAt: string | null;
            messages30d: number;
            name: string;
            /** @enum {string} */
            stage: "new" | "active" | "silent" | "churned";
            tags: string[];
        };
        MemberRowInput: {
            /** @description groups the member is in now */
            groups: number;
            id: number;
            /** @description last message */
            lastActiveAt: string | null;
            messages30d: number;
            name: string;
            /** @enum {string} */
            stage: "new" | "active" | "silent" | "churned";
            tags: string[];
        };
        MemberTrust: {
            changes: {
                /** Format: date-time */
                at: string;
                fromLevel: number;
                reasons: {
                    level: number;
                    met: boolean;
                    needed: number | null;
                    requirement: string;
                    value: number | null;
                }[];
                toLevel: number;
            }[];
            evaluatedAt: string | null;
            facts: {
                answeredQuestions: number;
                daysSinceStrike: number | null;
                distinctRepliers: number;
                longestStreak: number;
                tenureDays: number;
            } | null;
            level: number;
            memberId: number;
            reasons: {
                level: number;
                met: boolean;
                needed: number | null;
                requirement: string;
                value: number | null;
            }[];
        };
        MemberTrustInput: {
            changes: {
                /** Format: date-time */
                at: string;
                fromLevel: number;
                reasons: {
                    level: number;
                    met: boolean;
                    needed: number | null;
                    requirement: string;
                    value: number | null;
                }[];
                toLevel: number;
            }[];
            evaluatedAt: string | null;
            facts: {
                answeredQuestions: number;
                daysSinceStrike: number | null;
                distinctRepliers: number;
                longestStreak: number;
                tenureDays: number;
            } | null;
            level: number;
            memberId: number;
            reasons: {
                level: number;
                met: boolean;
                needed: number | null;
                requirement: string;
                value: number | null;
            }[];
        };
        ModerationAppeal: {
            /** Format: date-time */
            createdAt: string;
            decidedAt: string | null;
            decisionId: number;
            decisionText: string | null;
            id: number;
            member: {
                id: number;
                name: string;
            } | null;
            rule: string | null;
            state: string;
            text: string;
        };
        ModerationAppealInput: {
            /** Format: date-time */
            createdAt: string;
            decidedAt: string | null;
            decisionId: number;
            decisionText: string | null;
            id: number;
            member: {
                id: number;
                name: string;
            } | null;
            rule: string | null;
            state: string;
            text: string;
        };
        ModerationAppealPage: {
            items: components["schemas"]["ModerationAppeal"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ModerationAppealPageInput: {
            items: components["schemas"]["ModerationAppealInput"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ModerationBan: {
            /** Format: date-time */
            createdAt: string;
            createdBy: {
                id: number;
                name: string;
            } | null;
            decisionId: number | null;
            evidence: unknown;
            id: number;
            identities: {
                platform: string;
                userId: string;
            }[];
            liftedAt: string | null;
            memberId: number | null;
            memberName: string | null;
            platform: string | null;
            platformUserId: string | null;
            reason: string;
            source: string;
        };
        ModerationBanInput: {
            /** Format: date-time */
            createdAt: string;
            createdBy: {
                id: number;
                name: string;
            } | null;
            decisionId: number | null;
            evidence: unknown;
            id: number;
            identities: {
                platform: string;
                userId: string;
            }[];
            liftedAt: string | null;
            memberId: number | null;
            memberName: string | null;
            platform: string | null;
            platformUserId: string | null;
            reason: string;
            source: string;
        };
        ModerationBanPage: {
            items: components["schemas"]["ModerationBan"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ModerationBanPageInput: {
            items: components["schemas"]["ModerationBanInput"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ModerationDecision: {
            /** @description ladder steps taken: delete, warn, mute, kick, ban */
            actions: string[];
            appeal: {
                id: number;
                state: string;
                text: string;
            } | null;
            category: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description what the outbox did with each step */
            delivery: {
                error: string | null;
                kind: string;
                state: string;
            }[];
            evidence: components["schemas"]["ModerationEvidence"][];
            group: {
                id: number;
                name: string;
            };
            id: number;
            member: {
                id: number;
                name: string;
            } | null;
            messageId: string | null;
            muteMinutes: number | null;
            /** Format: date-time */
            occurredAt: string;
            reviewedAt: string | null;
            reviewedBy: {
                id: number;
                name: string;
            } | null;
            rule: string | null;
            rulesVersion: number | null;
            score: number | null;
            /** @description auto, join, report, verification, operator */
            source: string;
            /** @description applied, review (waits for an operator), task (do it in the platform client), confirmed, undone */
            state: string;
            strike: number | null;
            task: string | null;
            text: string | null;
        };
        ModerationDecisionInput: {
            /** @description ladder steps taken: delete, warn, mute, kick, ban */
            actions: string[];
            appeal: {
                id: number;
                state: string;
                text: string;
            } | null;
            category: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @description what the outbox did with each step */
            delivery: {
                error: string | null;
                kind: string;
                state: string;
            }[];
            evidence: components["schemas"]["ModerationEvidenceInput"][];
            group: {
                id: number;
                name: string;
            };
            id: number;
            member: {
                id: number;
                name: string;
            } | null;
            messageId: string | null;
            muteMinutes: number | null;
            /** Format: date-time */
            occurredAt: string;
            reviewedAt: string | null;
            reviewedBy: {
                id: number;
                name: string;
            } | null;
            rule: string | null;
            rulesVersion: number | null;
            score: number | null;
            /** @description auto, join, report, verification, operator */
            source: string;
            /** @description applied, review (waits for an operator), task (do it in the platform client), confirmed, undone */
            state: string;
            strike: number | null;
            task: string | null;
            text: string | null;
        };
        ModerationDecisionPage: {
            items: components["schemas"]["ModerationDecision"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ModerationDecisionPageInput: {
            items: components["schemas"]["ModerationDecisionInput"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        ModerationDryRun: {
            byAction: {
                [key: string]: number;
            };
            byCategory: {
                category: string;
                count: number;
                examples: {
                    /** Format: date-time */
                    at: string;
                    category: string | null;
                    evidence: components["schemas"]["ModerationEvidence"][];
                    group: string;
                    member: string;
                    rule: string | null;
                    score: number;
                    text: string;
                }[];
            }[];
            byRule: {
                count: number;
                rule: string;
            }[];
            days: number;
            matched: number;
            matchedNow: number;
            messages: number;
            ms: number;
            newExamples: {
                /** Format: date-time */
                at: string;
                category: string | null;
                evidence: components["schemas"]["ModerationEvidence"][];
                group: string;
                member: string;
                rule: string | null;
                score: number;
                text: string;
            }[];
            newlyMatched: number;
            noLongerMatched: number;
            /** Format: date-time */
            since: string;
            truncated: boolean;
        };
        ModerationDryRunInput: {
            byAction: {
                [key: string]: number;
            };
            byCategory: {
                category: string;
                count: number;
                examples: {
                    /** Format: date-time */
                    at: string;
                    category: string | null;
                    evidence: components["schemas"]["ModerationEvidenceInput"][];
                    group: string;
                    member: string;
                    rule: string | null;
                    score: number;
                    text: string;
                }[];
            }[];
            byRule: {
                count: number;
                rule: string;
            }[];
            days: number;
            matched: number;
            matchedNow: number;
            messages: number;
            ms: number;
            newExamples: {
                /** Format: date-time */
                at: string;
                category: string | null;
                evidence: components["schemas"]["ModerationEvidenceInput"][];
                group: string;
                member: string;
                rule: string | null;
                score: number;
                text: string;
            }[];
            newlyMatched: number;
            noLongerMatched: number;
            /** Format: date-time */
            since: string;
            truncated: boolean;
        };
        ModerationEvidence: {
            category: string;
            detector: string;
            features?: {
                feature: string;
                weight: number;
            }[];
            matched?: string;
            note?: string;
            rule: string;
            score?: number;
            span?: number[];
            text?: string;
        };
        ModerationEvidenceInput: {
            category: string;
            detector: string;
            features?: {
                feature: string;
                weight: number;
            }[];
            matched?: string;
            note?: string;
            rule: string;
            score?: number;
            span?: number[];
            text?: string;
        };
        ModerationPublicAppeal: {
            actions: string[];
            appeal: {
                /** Format: date-time */
                createdAt: string;
                state: string;
                text: string;
            } | null;
            category: string | null;
            group: string;
            muteMinutes: number | null;
            /** Format: date-time */
            occurredAt: string;
            rule: string | null;
            text: string | null;
        };
        ModerationPublicAppealInput: {
            actions: string[];
            appeal: {
                /** Format: date-time */
                createdAt: string;
                state: string;
                text: string;
            } | null;
            category: string | null;
            group: string;
            muteMinutes: number | null;
            /** Format: date-time */
            occurredAt: string;
            rule: string | null;
            text: string | null;
        };
        ModerationRuleStats: {
            days: {
                day: string;
                hits: number;
            }[];
            hits: number;
            rule: string;
            undone: number;
            /** @description share of hits undone: the false-positive estimate */
            undoRate: number;
        };
        ModerationRuleStatsInput: {
            days: {
                day: string;
                hits: number;
            }[];
            hits: number;
            rule: string;
            undone: number;
            /** @description share of hits undone: the false-positive estimate */
            undoRate: number;
        };
        ModerationRuleVersion: {
            /** Format: date-time */
            createdAt: string;
            createdBy: number | null;
            dryRun: unknown;
            enabled: boolean;
            enabledAt: string | null;
            ladder: unknown;
            note: string | null;
            options: unknown;
            rules: unknown;
            version: number;
        };
        ModerationRuleVersionInput: {
            /** Format: date-time */
            createdAt: string;
            createdBy: number | null;
            dryRun: unknown;
            enabled: boolean;
            enabledAt: string | null;
            ladder: unknown;
            note: string | null;
            options: unknown;
            rules: unknown;
            version: number;
        };
        Order: {
            amountCents: number;
            campaignId: number | null;
            campaignName: string | null;
            codeId: number | null;
            codeName: string | null;
            currency: string;
            customerId: string | null;
            groupBy: ("push" | "join" | "membership") | null;
            groupId: number | null;
            groupName: string | null;
            id: number;
            matchedBy: ("platform_user_id" | "phone" | "customer_id") | null;
            memberId: number | null;
            memberName: string | null;
            orderId: string;
            paidAt: string;
            phone: string | null;
            platformUserId: string | null;
            pushId: number | null;
            /** @enum {string} */
            via: "csv" | "xlsx" | "webhook";
        };
        OrderInput: {
            amountCents: number;
            campaignId: number | null;
            campaignName: string | null;
            codeId: number | null;
            codeName: string | null;
            currency: string;
            customerId: string | null;
            groupBy: ("push" | "join" | "membership") | null;
            groupId: number | null;
            groupName: string | null;
            id: number;
            matchedBy: ("platform_user_id" | "phone" | "customer_id") | null;
            memberId: number | null;
            memberName: string | null;
            orderId: string;
            paidAt: string;
            phone: string | null;
            platformUserId: string | null;
            pushId: number | null;
            /** @enum {string} */
            via: "csv" | "xlsx" | "webhook";
        };
        OutboxDelivery: {
            error: string | null;
            instead: string | null;
            key: string;
            sentAt: string | null;
            state: string;
            text: string | null;
        };
        OutboxDeliveryInput: {
            error: string | null;
            instead: string | null;
            key: string;
            sentAt: string | null;
            state: string;
            text: string | null;
        };
        Push: {
            accountId: number;
            /** Format: date-time */
            createdAt: string;
            createdBy: number | null;
            error: string | null;
            groupId: number;
            id: number;
            platformMessageId: string | null;
            /**
             * @description awaiting_confirmation: WeCom posts wait for a staff member to confirm them in the WeCom client
             * @enum {string}
             */
            state: "sent" | "awaiting_confirmation" | "failed";
            text: string;
        };
        PushCampaign: {
            body: string;
            /** @enum {string} */
            category: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
            channels: ("group_post" | "private_message" | "announcement")[];
            /** Format: date-time */
            createdAt: string;
            deliveries: number;
            guardOverride: components["schemas"]["GuardOverride"] | null;
            id: number;
            reach: components["schemas"]["PushReach"][];
            response: components["schemas"]["PushResponse"];
            /** Format: date-time */
            scheduledAt: string;
            state: string;
            targets: components["schemas"]["PushTargets"];
            title: string;
        };
        PushCampaignInput: {
            body: string;
            /** @enum {string} */
            category: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
            channels: ("group_post" | "private_message" | "announcement")[];
            /** Format: date-time */
            createdAt: string;
            deliveries: number;
            guardOverride: components["schemas"]["GuardOverrideInput"] | null;
            id: number;
            reach: components["schemas"]["PushReachInput"][];
            response: components["schemas"]["PushResponseInput"];
            /** Format: date-time */
            scheduledAt: string;
            state: string;
            targets: components["schemas"]["PushTargetsInput"];
            title: string;
        };
        PushConfirmation: {
            awaiting: number;
            confirmed: number;
            staffId: number | null;
            staffName: string | null;
        };
        PushConfirmationInput: {
            awaiting: number;
            confirmed: number;
            staffId: number | null;
            staffName: string | null;
        };
        PushContent: {
            authorName: string | null;
            body: string;
            /** @enum {string} */
            category: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
            /** Format: date-time */
            createdAt: string;
            createdBy: number | null;
            id: number;
            media: components["schemas"]["PushMedia"][];
            tags: string[];
            title: string;
            /** Format: date-time */
            updatedAt: string;
        };
        PushContentInput: {
            authorName: string | null;
            body: string;
            /** @enum {string} */
            category: "product" | "promotion" | "hot" | "professional" | "personal" | "icebreaker" | "activity" | "other";
            /** Format: date-time */
            createdAt: string;
            createdBy: number | null;
            id: number;
            media: components["schemas"]["PushMediaInput"][];
            tags: string[];
            title: string;
            /** Format: date-time */
            updatedAt: string;
        };
        PushInput: {
            accountId: number;
            /** Format: date-time */
            createdAt: string;
            createdBy: number | null;
            error: string | null;
            groupId: number;
            id: number;
            platformMessageId: string | null;
            /**
             * @description awaiting_confirmation: WeCom posts wait for a staff member to confirm them in the WeCom client
             * @enum {string}
             */
            state: "sent" | "awaiting_confirmation" | "failed";
            text: string;
        };
        PushMedia: {
            /** @enum {string} */
            kind: "image" | "link" | "mini_program";
            title?: string;
            /** Format: uri */
            url: string;
        };
        PushMediaInput: {
            /** @enum {string} */
            kind: "image" | "link" | "mini_program";
            title?: string;
            /** Format: uri */
            url: string;
        };
        PushReach: {
            awaitingConfirmation: number;
            /** @enum {string} */
            channel: "group_post" | "private_message" | "announcement";
            failed: number;
            instead: string | null;
            membersReached: number;
            queued: number;
            sent: number;
            skipped: number;
            targets: number;
            unsupported: number;
        };
        PushReachInput: {
            awaitingConfirmation: number;
            /** @enum {string} */
            channel: "group_post" | "private_message" | "announcement";
            failed: number;
            instead: string | null;
            membersReached: number;
            queued: number;
            sent: number;
            skipped: number;
            targets: number;
            unsupported: number;
        };
        PushResponse: {
            leaveRate: number | null;
            leaves: number;
            /** @description null: the platform does not report mutes */
            mutes: number | null;
            responders: number;
            responseRate: number | null;
            silenced: number;
            silenceRate: number | null;
        };
        PushResponseInput: {
            leaveRate: number | null;
            leaves: number;
            /** @description null: the platform does not report mutes */
            mutes: number | null;
            responders: number;
            responseRate: number | null;
            silenced: number;
            silenceRate: number | null;
        };
        PushTargets: {
            groups?: number[];
            groupTags?: string[];
            layers?: string[];
            members?: number[];
            memberTags?: string[];
            minTrust?: number;
            stages?: ("new" | "active" | "silent")[];
        };
        PushTargetsInput: {
            groups?: number[];
            groupTags?: string[];
            layers?: string[];
            members?: number[];
            memberTags?: string[];
            minTrust?: number;
            stages?: ("new" | "active" | "silent")[];
        };
        RetentionRate: {
            eligible: number;
            /** @description null: nobody measurable yet */
            rate: number | null;
            retained: number;
        };
        RetentionRateInput: {
            eligible: number;
            /** @description null: nobody measurable yet */
            rate: number | null;
            retained: number;
        };
        RoiRow: {
            buyers: number;
            costCents: number | null;
            key: number;
            name: string;
            orders: number;
            revenueCents: number;
            /** @description (revenue − cost) ÷ cost; null without a cost */
            roi: number | null;
        };
        RoiRowInput: {
            buyers: number;
            costCents: number | null;
            key: number;
            name: string;
            orders: number;
            revenueCents: number;
            /** @description (revenue − cost) ÷ cost; null without a cost */
            roi: number | null;
        };
        RollupRecompute: {
            finishedAt: string | null;
            /** @description share of the event log done */
            progress: number;
            /** Format: date-time */
            requestedAt: string;
            /** @enum {string} */
            state: "queued" | "running" | "done" | "failed";
            /** @description the zone the figures are being recomputed in */
            timezone: string;
        };
        RollupRecomputeInput: {
            finishedAt: string | null;
            /** @description share of the event log done */
            progress: number;
            /** Format: date-time */
            requestedAt: string;
            /** @enum {string} */
            state: "queued" | "running" | "done" | "failed";
            /** @description the zone the figures are being recomputed in */
            timezone: string;
        };
        Staff: {
            email: string;
            groups: number;
            id: number;
            name: string;
            /** @enum {string} */
            role: "owner" | "admin" | "operator" | "viewer";
        };
        StaffInput: {
            email: string;
            groups: number;
            id: number;
            name: string;
            /** @enum {string} */
            role: "owner" | "admin" | "operator" | "viewer";
        };
        StaffPage: {
            items: components["schemas"]["Staff"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        StaffPageInput: {
            items: components["schemas"]["StaffInput"][];
            /** @description items matching the filters, all pages */
            total: number;
        };
        StatementLine: {
            bySource: {
                [key: string]: number;
            };
            credit: number;
            credited: number;
            joins: number;
            lost: number;
            pending: number;
            staffName: string;
            staffUserId: number | null;
        };
        StatementLineInput: {
            bySource: {
                [key: string]: number;
            };
            credit: number;
            credited: number;
            joins: number;
            lost: number;
            pending: number;
            staffName: string;
            staffUserId: number | null;
        };
        Totals: {
            activeMembersDaily: number;
            activeMembersWeekly: number;
            groups: number;
            joins: number;
            leaves: number;
            /** @description memberships at the period's end: a person in two groups counts twice */
            members: number;
            messages: number;
            /** @description distinct people in any of the groups at the period's end */
            people: number;
        };
        TotalsInput: {
            activeMembersDaily: number;
            activeMembersWeekly: number;
            groups: number;
            joins: number;
            leaves: number;
            /** @description memberships at the period's end: a person in two groups counts twice */
            members: number;
            messages: number;
            /** @description distinct people in any of the groups at the period's end */
            people: number;
        };
        WeeklyDigest: {
            breadth: number | null;
            groups: number;
            lastWeek: {
                joins: number;
                leaves: number;
                messages: number;
                writers: number;
            };
            members: number;
            next: {
                /** @enum {string} */
                code: "startAutomation" | "reviveSilent" | "healthDropped" | "noPosts" | "lowResponse" | "welcomeNewcomers" | "keepGoing";
                groupIds: number[];
                values: {
                    [key: string]: number;
                };
            }[];
            perGroup: {
                groupId: number;
                members: number;
                messages: number;
                name: string;
                previousScore: number | null;
                score: number | null;
                writers: number;
            }[];
            posts: number;
            /** @description posts with any response within 2 hours ÷ posts; null: no post */
            responseRate: number | null;
            thisWeek: {
                joins: number;
                leaves: number;
                messages: number;
                writers: number;
            };
            topPosts: {
                breadth: number;
                groupId: number;
                groupName: string;
                key: string;
                kind: string;
                responders: number;
                title: string;
            }[];
            warnings: {
                groupId: number;
                name: string;
                reasons: string[];
                risk: number;
                suggestion: string;
            }[];
            week: {
                from: string;
                to: string;
            };
        };
        WeeklyDigestInput: {
            breadth: number | null;
            groups: number;
            lastWeek: {
                joins: number;
                leaves: number;
                messages: number;
                writers: number;
            };
            members: number;
            next: {
                /** @enum {string} */
                code: "startAutomation" | "reviveSilent" | "healthDropped" | "noPosts" | "lowResponse" | "welcomeNewcomers" | "keepGoing";
                groupIds: number[];
                values: {
                    [key: string]: number;
                };
            }[];
            perGroup: {
                groupId: number;
                members: number;
                messages: number;
                name: string;
                previousScore: number | null;
                score: number | null;
                writers: number;
            }[];
            posts: number;
            /** @description posts with any response within 2 hours ÷ posts; null: no post */
            responseRate: number | null;
            thisWeek: {
                joins: number;
                leaves: number;
                messages: number;
                writers: number;
            };
            topPosts: {
                breadth: number;
                groupId: number;
                groupName: string;
                key: string;
                kind: string;
                responders: number;
                title: string;
            }[];
            warnings: {
                groupId: number;
                name: string;
                reasons: string[];
                risk: number;
                suggestion: string;
            }[];
            week: {
                from: string;
                to: string;
            };
        };
        WelcomeBatch: {
            /** Format: date-time */
            createdAt: string;
            error: string | null;
            greetingsDone: number;
            greetingsOpen: number;
            groupId: number;
            groupName: string;
            id: number;
            names: string[];
            nicknameReminded: number;
            state: string;
            text: string;
        };
        WelcomeBatchInput: {
            /** Format: date-time */
            createdAt: string;
            error: string | null;
            greetingsDone: number;
            greetingsOpen: number;
            groupId: number;
            groupName: string;
            id: number;
            names: string[];
            nicknameReminded: number;
            state: string;
            text: string;
        };
        WelcomeSettingsPage: {
            batches: components["schemas"]["WelcomeBatch"][];
            /** @description no settings of its own: the workspace default applies */
            inherited: boolean;
            /** @description newcomers waiting for their batch */
            pending: number;
            settings: {
                /**
                 * @description … or this many minutes after the first newcomer waiting
                 * @default 10
                 */
                batchMinutes: number;
                /**
                 * @description one welcome per this many joins …
                 * @default 5
                 */
                batchSize: number;
                /** @default true */
                enabled: boolean;
                /** @default 新朋友 {names} 刚加入「{group}」，请去打个招呼～ */
                greetingTemplate: string;
                /** @default 请按「城市-姓名-行业」的格式做个自我介绍吧～ */
                introPrompt: string;
                /**
                 * @description a join reported more than a day late is still welcomed when at most this many days old and the member is still in the group
                 * @default 3
                 */
                lateJoinDays: number;
                /**
                 * @description empty: no check; "城市-姓名-行业": that many parts joined by "-"; "/regex/": a regular expression
                 * @default
                 */
                nicknamePattern: string;
                /** @default {names}，请把群昵称改为「{format}」的格式，方便大家认识你。 */
                nicknameReminder: string;
                /** @default  */
                purpose: string;
                /**
                 * @description URL or short text of the group rules
                 * @default
                 */
                rulesLink: string;
                /**
                 * @description seed members who get a greeting task for each batch
                 * @default []
                 */
                seedMemberIds: number[];
                /**
                 * @default 欢迎 {names} 加入「{group}」！{purpose}
                 *     群规：{rules}
                 */
                template: string;
            };
        };
        WelcomeSettingsPageInput: {
            batches: components["schemas"]["WelcomeBatchInput"][];
            /** @description no settings of its own: the workspace default applies */
            inherited: boolean;
            /** @description newcomers waiting for their batch */
            pending: number;
            settings: {
                /**
                 * @description … or this many minutes after the first newcomer waiting
                 * @default 10
                 */
                batchMinutes: number;
                /**
                 * @description one welcome per this many joins …
                 * @default 5
                 */
                batchSize: number;
                /** @default true */
                enabled: boolean;
                /** @default 新朋友 {names} 刚加入「{group}」，请去打个招呼～ */
                greetingTemplate: string;
                /** @default 请按「城市-姓名-行业」的格式做个自我介绍吧～ */
                introPrompt: string;
                /**
                 * @description a join reported more than a day late is still welcomed when at most this many days old and the member is still in the group
                 * @default 3
                 */
                lateJoinDays: number;
                /**
                 * @description empty: no check; "城市-姓名-行业": that many parts joined by "-"; "/regex/": a regular expression
                 * @default
                 */
                nicknamePattern: string;
                /** @default {names}，请把群昵称改为「{format}」的格式，方便大家认识你。 */
                nicknameReminder: string;
                /** @default  */
                purpose: string;
                /**
                 * @description URL or short text of the group rules
                 * @default
                 */
                rulesLink: string;
                /**
                 * @description seed members who get a greeting task for each batch
                 * @default []
                 */
                seedMemberIds: number[];
                /**
                 * @default 欢迎 {names} 加入「{group}」！{purpose}
                 *     群规：{rules}
                 */
                template: string;
            };
        };
        Workspace: {
            id: number;
            name: string;
            /** @description the latest recompute of the figures after a change of time zone, if any */
            recompute: components["schemas"]["RollupRecompute"] | null;
            slug: string;
            timezone: string;
        };
        WorkspaceInput: {
            id: number;
            name: string;
            /** @description the latest recompute of the figures after a change of time zone, if any */
            recompute: components["schemas"]["RollupRecomputeInput"] | null;
            slug: string;
            timezone: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
