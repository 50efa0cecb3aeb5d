-- grounded for Neovim: attaches `grounded server` to Markdown and text buffers.
--
--   require("grounded").setup({ corpus = { "~/notes/sources" } })
--
-- Neovim 0.11+ uses vim.lsp.config/vim.lsp.enable; 0.10 falls back to
-- vim.lsp.start on FileType.
local M = {}

M.defaults = {
  -- Command that starts the server; "grounded" must be on PATH otherwise.
  cmd = { "grounded", "server" },
  -- Corpus folders (or files); nil lets grounded.toml or seeds/ decide.
  corpus = nil,
  filetypes = { "markdown", "text" },
  root_markers = { "grounded.toml", ".git" },
}

M.config = vim.deepcopy(M.defaults)

local function expand(paths)
  if paths == nil then
    return nil
  end
  if type(paths) == "string" then
    paths = { paths }
  end
  local out = {}
  for _, p in ipairs(paths) do
    table.insert(out, vim.fn.fnamemodify(vim.fn.expand(p), ":p"))
  end
  return out
end

--- The client configuration handed to Neovim's LSP.
function M.client_config()
  local c = M.config
  return {
    name = "grounded",
    cmd = c.cmd,
    filetypes = c.filetypes,
    root_markers = c.root_markers,
    init_options = { corpus = expand(c.corpus) },
  }
end

local function request(client, method, params, handler)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler)
  end
  return client.request(method, params, handler)
end

--- :GroundedEntities — the corpus's entity table in a Markdown scratch buffer.
function M.show_entities()
  local client = vim.lsp.get_clients({ name = "grounded" })[1]
  if not client then
    vim.notify("grounded: no grounded server is attached", vim.log.levels.WARN)
    return
  end
  request(client, "grounded/entityTable", {}, function(err, result)
    if err or not result then
      vim.notify("grounded: " .. (err and err.message or "no entity table"), vim.log.levels.ERROR)
      return
    end
    vim.cmd("botright new")
    local buf = vim.api.nvim_get_current_buf()
    vim.bo[buf].buftype = "nofile"
    vim.bo[buf].bufhidden = "wipe"
    vim.bo[buf].swapfile = false
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(result.markdown, "\n"))
    vim.bo[buf].filetype = "markdown"
    vim.bo[buf].modifiable = false
    pcall(vim.api.nvim_buf_set_name, buf, "grounded://entities")
  end)
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  if vim.fn.executable(M.config.cmd[1]) ~= 1 then
    vim.notify(
      "grounded: `" .. M.config.cmd[1] .. "` not found; install it with `cargo install --path .` "
        .. "in a grounded checkout, or set cmd = { '/path/to/grounded', 'server' }",
      vim.log.levels.WARN
    )
    return
  end
  vim.api.nvim_create_user_command("GroundedEntities", M.show_entities, {
    desc = "grounded: show the corpus's entity table",
  })
  local cfg = M.client_config()
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config("grounded", cfg)
    vim.lsp.enable("grounded")
  else
    vim.api.nvim_create_autocmd("FileType", {
      pattern = cfg.filetypes,
      group = vim.api.nvim_create_augroup("grounded", { clear = true }),
      callback = function(args)
        local root = vim.fs.root(args.buf, cfg.root_markers) or vim.fn.getcwd()
        vim.lsp.start({
          name = cfg.name,
          cmd = cfg.cmd,
          root_dir = root,
          init_options = cfg.init_options,
        }, { bufnr = args.buf })
      end,
    })
  end
end

return M
